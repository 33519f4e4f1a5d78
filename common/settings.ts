// The console's user-visible settings: one schema for the Electron store, the web host and the renderer.
// Secrets (password, api_key, token) are never here: they live only in main, behind safeStorage.
import { z } from 'zod';
import { alertSettingsSchema } from './alerts';

const accelerator = z.string().max(64);

/** A floor's name on the hub: one NATS subject token (a '.', '*' or '>' would widen a subject, and a permission). */
export const FLOOR_NAME = /^[A-Za-z0-9_-]{1,32}$/;
/** The floor hub's NATS address: nats://HOST:PORT or tls://HOST:PORT, nothing after the host. */
export const NATS_URL = /^(nats|tls):\/\/[^\s/,]+\/?$/;
/** A console's NATS servers: one address, or a cluster's nodes with commas between them. */
export const NATS_SERVERS = /^(nats|tls):\/\/[^\s/,]+\/?(,(nats|tls):\/\/[^\s/,]+\/?)*$/;

/**
 * The floor hub this console reads its picture from (issue 18, docs/hub.md); null: it polls the PBX itself.
 * The NATS password is a secret: never here (the desktop keeps it with safeStorage, the web host in memory).
 */
const floorHubSchema = z
  .object({
    url: z.string().max(512).regex(NATS_SERVERS),
    floor: z.string().regex(FLOOR_NAME),
    /** The NATS user (deploy/nats-server.conf: sup-a), who signs this screen's claims and audit records. */
    user: z.string().max(128).regex(/^[^\s]*$/),
  })
  .strict();
export type FloorHubSettings = z.infer<typeof floorHubSchema>;

export const settingsSchema = z.object({
  locale: z.enum(['auto', 'en', 'vi', 'pt-BR']).default('auto'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Poll cadence for every live source. */
  pollIntervalSec: z.number().int().min(1).max(15).default(1),
  /** A caller answered within this many seconds counts toward the service level. */
  serviceLevelSec: z.number().int().min(1).max(600).default(20),
  /** The service level a queue should reach, in % (e.g. 80 % in 20 s); below it the figure is coloured. */
  serviceLevelTargetPct: z.number().int().min(1).max(100).default(80),
  /** Per-queue targets in % (queue id -> %), overriding serviceLevelTargetPct for that queue. */
  queueTargets: z.record(z.string().min(1).max(128), z.number().int().min(1).max(100)).default({}),
  /** Per queue id: a service-level threshold (seconds) that overrides `serviceLevelSec` for that queue. */
  serviceLevelSecByQueue: z.record(z.string().max(128), z.number().int().min(1).max(600)).default({}),
  /** Callers who hang up within this many seconds are short abandons: out of the service level. 0 = none. */
  shortAbandonSec: z.number().int().min(0).max(60).default(5),
  /** Pauses longer than this are flagged when the PBX declares no limit of its own. */
  longPauseMin: z.number().int().min(1).max(240).default(10),
  /** Callers waiting longer than this are flagged. */
  longWaitSec: z.number().int().min(5).max(3600).default(60),
  /** Zone-less PBX times (TEL4VN call_time, CDRs) are in this IANA zone. */
  timezone: z.string().min(1).max(64).default('Asia/Ho_Chi_Minh'),
  /** The supervisor's own phone: it receives the listen / whisper / barge leg. */
  ownExtension: z.string().regex(/^\d{0,15}$/).default(''),
  notifications: z
    .object({
      enabled: z.boolean().default(true),
      muteUntil: z.number().nullable().default(null),
    })
    .default({ enabled: true, muteUntil: null }),
  shortcuts: z
    .object({
      barge: accelerator.default('CommandOrControl+Alt+B'),
      listen: accelerator.default('CommandOrControl+Alt+L'),
      whisper: accelerator.default('CommandOrControl+Alt+W'),
      show: accelerator.default('CommandOrControl+Alt+F'),
    })
    .default({
      barge: 'CommandOrControl+Alt+B',
      listen: 'CommandOrControl+Alt+L',
      whisper: 'CommandOrControl+Alt+W',
      show: 'CommandOrControl+Alt+F',
    }),
  closeToTray: z.boolean().default(true),
  /** "My queues": the queue ids the supervisor watches (a saved set); empty means all. */
  queueFilter: z.array(z.string().max(128)).max(500).default([]),
  /** Threshold rules, hysteresis and the alert tone (common/alerts.ts). */
  alerts: alertSettingsSchema.default(() => alertSettingsSchema.parse({})),
  /** 'mine': every panel, count and notification is scoped to queueFilter; 'all': the whole floor, the set kept. */
  queueScope: z.enum(['mine', 'all']).default('mine'),
  /** While scoped: calls and agents with no queue (outbound, internal, not yet known) stay shown, apart. */
  showUnqueued: z.boolean().default(true),
  floorHub: floorHubSchema.nullable().default(null),
});

export type ConsoleSettings = z.infer<typeof settingsSchema>;

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer T> ? T : S[K]>;
};

/**
 * A partial update from the renderer; unknown keys are refused. Built from the fields without their
 * defaults: zod 4 applies a default even under .partial(), so {theme} alone would reset every other field.
 */
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(settingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
    ) as PatchShape<typeof settingsSchema.shape>,
  )
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings = (): ConsoleSettings => settingsSchema.parse({});
