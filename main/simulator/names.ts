// Vietnamese-looking people, queues and phone numbers for the seeded floor.
import type { Rng } from './prng';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Thu', 'Quốc', 'Kim'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh',
  'Long', 'Mai', 'Minh', 'Nam', 'Nga', 'Ngân', 'Phong', 'Phúc', 'Quang', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung',
  'Tú', 'Tuấn', 'Vy', 'Yến'];
const QUEUES = ['Chăm sóc khách hàng', 'Hỗ trợ kỹ thuật', 'Bán hàng', 'Khiếu nại', 'Thu hồi nợ', 'Đặt lịch hẹn', 'Bảo hành', 'Khách hàng VIP'];

interface PersonName {
  firstName: string;
  middleName: string;
  lastName: string;
  /** ASCII login, unique thanks to the numeric suffix. */
  username: string;
}

const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

export function personName(rng: Rng, id: number): PersonName {
  const lastName = rng.pick(FAMILY);
  const middleName = rng.pick(MIDDLE);
  const firstName = rng.pick(GIVEN);
  return { firstName, middleName, lastName, username: `${ascii(firstName)}.${ascii(lastName)}${id}` };
}

export function queueName(index: number): string {
  const base = QUEUES[index % QUEUES.length] as string;
  const round = Math.floor(index / QUEUES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

/** A Vietnamese mobile number, 09xxxxxxxx. */
export function phoneNumber(rng: Rng): string {
  return '09' + rng.digits(8);
}
