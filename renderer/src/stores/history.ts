// The History view's search: the form (PBX dates, number, agent extension, queue, direction, status), the
// page main answered (main pages every filter, so each page is full: history:search), the record opened
// and its recording (history:recording: a path on the app's own origin). Kept in a store so leaving the
// view and coming back finds the search as it was, and so an agent's today pane can open that agent's day.
import { defineStore } from 'pinia';
import { reactive, shallowRef } from 'vue';
import type { HistoryPage, HistorySearch } from '../../../common/contract';
import { CALL_RECORD_STATUSES, type AppError, type CallDirection, type CallRecord, type CallRecordStatus } from '../../../common/domain';
import { getBridge } from '../bridge';
import { useTodayStore } from './today';

const HISTORY_PAGE_SIZE = 50;
/** An export walks the search's pages up to this many records (a day of a big floor is a file, not a year). */
export const EXPORT_MAX_RECORDS = 5000;
const EXPORT_PAGE = 500;

interface HistoryForm {
  from: string;
  to: string;
  phone: string;
  extension: string;
  queue: string;
  direction: '' | CallDirection;
  status: '' | CallRecordStatus;
}

/** The PBX's today, as main last said it, else this computer's (the form's default dates). */
function todayKey(): string {
  const day = useTodayStore().state?.day;
  if (day) return day;
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The form as a request, or the field that is wrong. */
function toSearch(form: HistoryForm, page: number, pageSize = HISTORY_PAGE_SIZE): HistorySearch | { field: keyof HistoryForm } {
  const phone = form.phone.replace(/[\s().-]/g, '');
  if (phone && !/^\+?\d{1,20}$/.test(phone)) return { field: 'phone' };
  const extension = form.extension.trim();
  if (extension && !/^\d{1,15}$/.test(extension)) return { field: 'extension' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.from)) return { field: 'from' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.to) || form.to < form.from) return { field: 'to' };
  return {
    from: form.from, to: form.to, page, pageSize,
    ...(phone ? { phone } : {}),
    ...(extension ? { extension } : {}),
    ...(form.queue.trim() ? { queue: form.queue.trim() } : {}),
    ...(form.direction ? { direction: form.direction } : {}),
    ...(form.status && (CALL_RECORD_STATUSES as readonly string[]).includes(form.status) ? { status: form.status } : {}),
  };
}

export const useHistoryStore = defineStore('history', () => {
  const bridge = getBridge();
  const day = todayKey();
  const form = reactive<HistoryForm>({ from: day, to: day, phone: '', extension: '', queue: '', direction: '', status: '' });
  const result = shallowRef<HistoryPage | null>(null);
  const error = shallowRef<AppError | null>(null);
  const invalid = shallowRef<keyof HistoryForm | null>(null);
  const loading = shallowRef(false);
  /** The record opened, and its recording's address once main fetched it. */
  const open = shallowRef<CallRecord | null>(null);
  const recording = shallowRef<{ id: string; url: string } | null>(null);
  const recordingError = shallowRef<AppError | null>(null);
  let asked = 0;

  async function search(page = 1): Promise<void> {
    const request = toSearch(form, page);
    if ('field' in request) {
      invalid.value = request.field;
      return;
    }
    invalid.value = null;
    const mine = ++asked;
    loading.value = true;
    const r = await bridge.searchHistory(request);
    if (mine !== asked) return; // a newer search answered first
    loading.value = false;
    if (r.ok) {
      result.value = r.data;
      error.value = null;
    } else error.value = r.error;
  }

  /** An agent's calls today (from the agent's today pane). */
  function searchAgentToday(extension: string): void {
    const d = todayKey();
    Object.assign(form, { from: d, to: d, phone: '', extension, queue: '', direction: '', status: '' } satisfies HistoryForm);
    openRecord(null);
    void search(1);
  }

  function openRecord(record: CallRecord | null): void {
    open.value = record;
    recordingError.value = null;
    if (recording.value && recording.value.id !== record?.id) recording.value = null;
  }

  /** Main fetches the recording and serves it from the app's own origin; the page only gets that path. */
  async function loadRecording(record: CallRecord): Promise<void> {
    if (recording.value?.id === record.id) return;
    recordingError.value = null;
    const r = await bridge.getRecording({ id: record.id });
    if (open.value?.id !== record.id) return;
    if (r.ok) recording.value = { id: record.id, url: r.data.url };
    else recordingError.value = r.error;
  }

  /** Every record of the search (up to EXPORT_MAX_RECORDS), for the CSV; `capped` when there were more. */
  async function allRecords(): Promise<{ records: CallRecord[]; capped: boolean } | AppError> {
    const out: CallRecord[] = [];
    for (let page = 1; out.length < EXPORT_MAX_RECORDS; page++) {
      const request = toSearch(form, page, EXPORT_PAGE);
      if ('field' in request) return { code: 'INVALID_PAYLOAD', message: request.field };
      const r = await bridge.searchHistory(request);
      if (!r.ok) return r.error;
      out.push(...r.data.records);
      if (!r.data.more || r.data.page !== page) return { records: out, capped: false };
    }
    return { records: out.slice(0, EXPORT_MAX_RECORDS), capped: true };
  }

  return { form, result, error, invalid, loading, open, recording, recordingError, search, searchAgentToday, openRecord, loadRecording, allRecords };
});
