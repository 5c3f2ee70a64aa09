// How a number reads. The kiosk's mark sits between the line's letter and the sequence, so kiosks
// never collide, online or not, without asking anyone: A3-017 is kiosk 3's 17th number of line A
// today. Night vouchers carry the day they are for: N0607-A3-012.

export const maxSequence = 999;

export function formatTicketNumber(prefix: string, kioskIndex: number, seq: number): string {
  return `${prefix}${kioskIndex}-${String(seq).padStart(3, '0')}`;
}

export function formatVoucherReference(prefix: string, kioskIndex: number, day: string, seq: number): string {
  return `N${day.slice(5, 7)}${day.slice(8, 10)}-${prefix}${kioskIndex}-${String(seq).padStart(3, '0')}`;
}

const ticketPattern = /^([A-Z])(\d{1,2})-(\d{3})$/;

export function parseTicketNumber(
  number: string,
): { prefix: string; kioskIndex: number; seq: number } | null {
  const match = ticketPattern.exec(number);
  if (!match) return null;
  return { prefix: match[1]!, kioskIndex: Number(match[2]), seq: Number(match[3]) };
}
