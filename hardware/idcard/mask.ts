// ID numbers are shown and printed masked (PIPL): the first 3 and last 4 characters stay visible.

export function maskIdNumber(id: string): string {
  const characters = [...id];
  if (characters.length <= 7) return '*'.repeat(characters.length);
  return characters.slice(0, 3).join('') + '*'.repeat(characters.length - 7) + characters.slice(-4).join('');
}
