// The few sentences the desktop shell says itself (tray, native notifications, shortcut problems), in the
// console's three languages. The renderer has its own vue-i18n catalogue; these never cross the bridge.
// Times, waits and the locale itself come from common/format.ts, the same as the console's.
import type { AlertKind, AlertSubject } from '../../common/alerts';
import type { Locale } from '../../common/domain';

/** An alert's figures as words: the figure and threshold in the kind's unit, "in about N min", the pause reason. */
interface AlertWords {
  figure: string;
  threshold: string;
  inMin: string;
  detail: string;
}

export interface ShellMessages {
  abandonedTitle: (queue: string) => string;
  abandonedBody: (number: string, waited: string, at: string) => string;
  burstTitle: (count: number, queue: string) => string;
  burstBody: (numbers: string, more: number) => string;
  /** Catch-up (abandons found in the PBX's records): one summary for N >= 2, the caller for one. */
  caughtUpTitle: (count: number) => string;
  caughtUpOneTitle: (number: string) => string;
  caughtUpBody: (numbers: string, more: number) => string;
  selectCallFirst: string;
  selectCallFirstBody: (action: string) => string;
  shortcutFailedTitle: string;
  shortcutFailedBody: (accelerator: string, action: string) => string;
  trayHealth: Record<'live' | 'stale' | 'offline', string>;
  trayUnhandled: (count: number) => string;
  trayAlerts: (count: number) => string;
  trayWallboard: string;
  trayWallboardKiosk: string;
  severeAlertTitle: (subject: string) => string;
  /** A severe alert's body: what tripped, the figure and the threshold (already formatted), since when. */
  alertSubject: Record<AlertSubject['type'], (name: string, count: number) => string>;
  alertKind: Record<AlertKind, (v: AlertWords) => string>;
  /** The agents beyond the ones a rule names one by one ("and 212 more agents"): what they are past, the first names. */
  alertGroup: Record<'agent-paused' | 'agent-ringing' | 'agent-on-call', (count: number, threshold: string, names: string) => string>;
  alertSince: (time: string) => string;
  minutes: string;
  unknown: string;
  trayShow: string;
  trayMute15: string;
  trayMute60: string;
  trayUnmute: string;
  trayMutedUntil: (time: string) => string;
  trayQuit: string;
  trayAllowInsecureSecrets: string;
  actions: Record<'barge' | 'listen' | 'whisper' | 'show', string>;
}

const en: ShellMessages = {
  abandonedTitle: (queue) => `Abandoned call in ${queue}`,
  abandonedBody: (number, waited, at) => `${number} hung up after waiting ${waited} (at ${at})`,
  burstTitle: (count, queue) => `${count} calls abandoned in ${queue}`,
  caughtUpTitle: (count) => `${count} calls abandoned while Floorwatch was away`,
  caughtUpOneTitle: (number) => `${number} abandoned while Floorwatch was away`,
  caughtUpBody: (numbers, more) => (more > 0 ? `From the PBX's records: ${numbers} and ${more} more` : `From the PBX's records: ${numbers}`),
  burstBody: (numbers, more) => (more > 0 ? `${numbers} and ${more} more` : numbers),
  selectCallFirst: 'No call selected',
  selectCallFirstBody: (action) => `Select a live call in Floorwatch, then press the ${action} shortcut again.`,
  shortcutFailedTitle: 'Shortcut not available',
  shortcutFailedBody: (accelerator, action) =>
    `${accelerator} (${action}) is taken by another application or is not a valid key combination. Choose another one in Settings.`,
  trayHealth: { live: 'Live', stale: 'Data delayed', offline: 'Offline' },
  trayUnhandled: (count) => (count === 1 ? '1 abandoned call to handle' : `${count} abandoned calls to handle`),
  trayAlerts: (count) => (count === 1 ? '1 active alert' : `${count} active alerts`),
  trayWallboard: 'Open the wallboard',
  trayWallboardKiosk: 'Open the wallboard full screen (kiosk)',
  severeAlertTitle: (subject) => `Severe alert: ${subject}`,
  alertSubject: {
    queue: (name) => `Queue ${name}`, agent: (name) => `Agent ${name}`, source: (name) => `Source ${name}`,
    'own-extension': (name) => `Your phone ${name}`, agents: (_name, count) => `${count} more agents`,
  },
  alertKind: {
    'longest-wait': (v) => `Longest wait ${v.figure}, over ${v.threshold}`,
    waiting: (v) => `${v.figure} callers waiting, over ${v.threshold}`,
    'available-agents': (v) => `${v.figure} agents available while callers wait, under ${v.threshold}`,
    'service-level': (v) => `Service level today ${v.figure}, under the target ${v.threshold}`,
    'abandon-rate': (v) => `Abandon rate today ${v.figure}, over ${v.threshold}`,
    'predicted-breach': (v) => `Service level will fall below the target ${v.threshold} in about ${v.inMin} min (next 15 min: ${v.figure})`,
    'agent-paused': (v) => `Paused ${v.figure}${v.detail ? ` (${v.detail})` : ''}, over ${v.threshold}`,
    'agent-ringing': (v) => `Ringing ${v.figure} without answer, over ${v.threshold}`,
    'agent-on-call': (v) => `On one call for ${v.figure}, over ${v.threshold}`,
    'own-unregistered': () => 'Your own phone is not registered: listen, whisper and barge cannot ring it',
    'source-stale': (v) => `No fresh data for ${v.figure}, over ${v.threshold}`,
  },
  alertGroup: {
    'agent-paused': (count, threshold, names) => `${count} more agents paused over ${threshold}: ${names}…`,
    'agent-ringing': (count, threshold, names) => `${count} more agents ringing over ${threshold} without answer: ${names}…`,
    'agent-on-call': (count, threshold, names) => `${count} more agents on one call over ${threshold}: ${names}…`,
  },
  alertSince: (time) => `since ${time}`,
  minutes: 'min',
  unknown: 'unknown',
  trayShow: 'Show Floorwatch',
  trayMute15: 'Mute notifications for 15 minutes',
  trayMute60: 'Mute notifications for 1 hour',
  trayUnmute: 'Unmute notifications',
  trayMutedUntil: (time) => `Notifications muted until ${time}`,
  trayQuit: 'Quit Floorwatch',
  trayAllowInsecureSecrets: 'Remember the password without a keyring (not encrypted)',
  actions: { barge: 'barge', listen: 'listen', whisper: 'whisper', show: 'show window' },
};

const vi: ShellMessages = {
  abandonedTitle: (queue) => `Cuộc gọi nhỡ trong ${queue}`,
  abandonedBody: (number, waited, at) => `${number} đã gác máy sau ${waited} chờ (lúc ${at})`,
  burstTitle: (count, queue) => `${count} cuộc gọi nhỡ trong ${queue}`,
  caughtUpTitle: (count) => `${count} cuộc gọi nhỡ khi Floorwatch vắng mặt`,
  caughtUpOneTitle: (number) => `${number} gọi nhỡ khi Floorwatch vắng mặt`,
  caughtUpBody: (numbers, more) => (more > 0 ? `Theo lịch sử tổng đài: ${numbers} và ${more} số khác` : `Theo lịch sử tổng đài: ${numbers}`),
  burstBody: (numbers, more) => (more > 0 ? `${numbers} và ${more} số khác` : numbers),
  selectCallFirst: 'Chưa chọn cuộc gọi',
  selectCallFirstBody: (action) => `Hãy chọn một cuộc gọi trong Floorwatch rồi bấm lại phím tắt ${action}.`,
  shortcutFailedTitle: 'Không dùng được phím tắt',
  shortcutFailedBody: (accelerator, action) =>
    `${accelerator} (${action}) đã bị ứng dụng khác dùng hoặc không hợp lệ. Hãy chọn tổ hợp khác trong Cài đặt.`,
  trayHealth: { live: 'Trực tuyến', stale: 'Dữ liệu bị trễ', offline: 'Mất kết nối' },
  trayUnhandled: (count) => `${count} cuộc gọi nhỡ cần xử lý`,
  trayAlerts: (count) => `${count} cảnh báo đang có`,
  trayWallboard: 'Mở màn hình treo tường',
  trayWallboardKiosk: 'Mở màn hình treo tường toàn màn hình (kiosk)',
  severeAlertTitle: (subject) => `Cảnh báo nghiêm trọng: ${subject}`,
  alertSubject: {
    queue: (name) => `Hàng chờ ${name}`, agent: (name) => `Nhân viên ${name}`, source: (name) => `Nguồn ${name}`,
    'own-extension': (name) => `Máy của bạn ${name}`, agents: (_name, count) => `${count} nhân viên khác`,
  },
  alertKind: {
    'longest-wait': (v) => `Chờ lâu nhất ${v.figure}, vượt ${v.threshold}`,
    waiting: (v) => `${v.figure} khách đang chờ, vượt ${v.threshold}`,
    'available-agents': (v) => `${v.figure} nhân viên sẵn sàng khi có khách chờ, dưới ${v.threshold}`,
    'service-level': (v) => `Mức phục vụ hôm nay ${v.figure}, dưới mục tiêu ${v.threshold}`,
    'abandon-rate': (v) => `Tỷ lệ bỏ cuộc hôm nay ${v.figure}, vượt ${v.threshold}`,
    'predicted-breach': (v) => `Mức phục vụ sẽ xuống dưới mục tiêu ${v.threshold} trong khoảng ${v.inMin} phút (15 phút tới: ${v.figure})`,
    'agent-paused': (v) => `Tạm nghỉ ${v.figure}${v.detail ? ` (${v.detail})` : ''}, vượt ${v.threshold}`,
    'agent-ringing': (v) => `Đổ chuông ${v.figure} không nghe, vượt ${v.threshold}`,
    'agent-on-call': (v) => `Một cuộc gọi đã ${v.figure}, vượt ${v.threshold}`,
    'own-unregistered': () => 'Máy của bạn chưa đăng ký: nghe, nhắc và chen ngang không thể đổ chuông',
    'source-stale': (v) => `Không có dữ liệu mới trong ${v.figure}, vượt ${v.threshold}`,
  },
  alertGroup: {
    'agent-paused': (count, threshold, names) => `${count} nhân viên khác tạm nghỉ quá ${threshold}: ${names}…`,
    'agent-ringing': (count, threshold, names) => `${count} nhân viên khác đổ chuông quá ${threshold} không nghe: ${names}…`,
    'agent-on-call': (count, threshold, names) => `${count} nhân viên khác trong một cuộc gọi quá ${threshold}: ${names}…`,
  },
  alertSince: (time) => `từ ${time}`,
  minutes: 'phút',
  unknown: 'không rõ',
  trayShow: 'Mở Floorwatch',
  trayMute15: 'Tắt thông báo 15 phút',
  trayMute60: 'Tắt thông báo 1 giờ',
  trayUnmute: 'Bật lại thông báo',
  trayMutedUntil: (time) => `Đã tắt thông báo đến ${time}`,
  trayQuit: 'Thoát Floorwatch',
  trayAllowInsecureSecrets: 'Nhớ mật khẩu khi không có keyring (không mã hóa)',
  actions: { barge: 'xen vào', listen: 'nghe lén', whisper: 'nhắc nhỏ', show: 'mở cửa sổ' },
};

const ptBR: ShellMessages = {
  abandonedTitle: (queue) => `Chamada abandonada em ${queue}`,
  abandonedBody: (number, waited, at) => `${number} desligou após esperar ${waited} (às ${at})`,
  burstTitle: (count, queue) => `${count} chamadas abandonadas em ${queue}`,
  caughtUpTitle: (count) => `${count} chamadas abandonadas enquanto o Floorwatch estava ausente`,
  caughtUpOneTitle: (number) => `${number} abandonou enquanto o Floorwatch estava ausente`,
  caughtUpBody: (numbers, more) => (more > 0 ? `Pelos registros do PABX: ${numbers} e mais ${more}` : `Pelos registros do PABX: ${numbers}`),
  burstBody: (numbers, more) => (more > 0 ? `${numbers} e mais ${more}` : numbers),
  selectCallFirst: 'Nenhuma chamada selecionada',
  selectCallFirstBody: (action) => `Selecione uma chamada no Floorwatch e pressione o atalho de ${action} de novo.`,
  shortcutFailedTitle: 'Atalho indisponível',
  shortcutFailedBody: (accelerator, action) =>
    `${accelerator} (${action}) está em uso por outro aplicativo ou não é uma combinação válida. Escolha outra em Configurações.`,
  trayHealth: { live: 'Ao vivo', stale: 'Dados atrasados', offline: 'Desconectado' },
  trayUnhandled: (count) =>
    count === 1 ? '1 chamada abandonada para tratar' : `${count} chamadas abandonadas para tratar`,
  trayAlerts: (count) => (count === 1 ? '1 alerta ativo' : `${count} alertas ativos`),
  trayWallboard: 'Abrir o painel de parede',
  trayWallboardKiosk: 'Abrir o painel de parede em tela cheia (quiosque)',
  severeAlertTitle: (subject) => `Alerta grave: ${subject}`,
  alertSubject: {
    queue: (name) => `Fila ${name}`, agent: (name) => `Agente ${name}`, source: (name) => `Fonte ${name}`,
    'own-extension': (name) => `Seu telefone ${name}`, agents: (_name, count) => `mais ${count} agentes`,
  },
  alertKind: {
    'longest-wait': (v) => `Maior espera ${v.figure}, acima de ${v.threshold}`,
    waiting: (v) => `${v.figure} chamadas em espera, acima de ${v.threshold}`,
    'available-agents': (v) => `${v.figure} agentes disponíveis com chamadas em espera, abaixo de ${v.threshold}`,
    'service-level': (v) => `Nível de serviço hoje ${v.figure}, abaixo da meta ${v.threshold}`,
    'abandon-rate': (v) => `Taxa de abandono hoje ${v.figure}, acima de ${v.threshold}`,
    'predicted-breach': (v) => `O nível de serviço vai cair abaixo da meta ${v.threshold} em cerca de ${v.inMin} min (próximos 15 min: ${v.figure})`,
    'agent-paused': (v) => `Em pausa há ${v.figure}${v.detail ? ` (${v.detail})` : ''}, acima de ${v.threshold}`,
    'agent-ringing': (v) => `Tocando há ${v.figure} sem atender, acima de ${v.threshold}`,
    'agent-on-call': (v) => `Na mesma chamada há ${v.figure}, acima de ${v.threshold}`,
    'own-unregistered': () => 'Seu telefone não está registrado: ouvir, sussurrar e entrar na chamada não conseguem tocá-lo',
    'source-stale': (v) => `Sem dados novos há ${v.figure}, acima de ${v.threshold}`,
  },
  alertGroup: {
    'agent-paused': (count, threshold, names) => `Mais ${count} agentes em pausa acima de ${threshold}: ${names}…`,
    'agent-ringing': (count, threshold, names) => `Mais ${count} agentes tocando acima de ${threshold} sem atender: ${names}…`,
    'agent-on-call': (count, threshold, names) => `Mais ${count} agentes na mesma chamada acima de ${threshold}: ${names}…`,
  },
  alertSince: (time) => `desde ${time}`,
  minutes: 'min',
  unknown: 'desconhecido',
  trayShow: 'Mostrar Floorwatch',
  trayMute15: 'Silenciar notificações por 15 minutos',
  trayMute60: 'Silenciar notificações por 1 hora',
  trayUnmute: 'Reativar notificações',
  trayMutedUntil: (time) => `Notificações silenciadas até ${time}`,
  trayQuit: 'Sair do Floorwatch',
  trayAllowInsecureSecrets: 'Lembrar a senha sem chaveiro do sistema (sem criptografia)',
  actions: { barge: 'intervir', listen: 'escutar', whisper: 'sussurrar', show: 'mostrar janela' },
};

const catalogue: Record<Locale, ShellMessages> = { en, vi, 'pt-BR': ptBR };

export function messagesFor(locale: Locale): ShellMessages {
  return catalogue[locale];
}
