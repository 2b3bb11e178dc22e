/**
 * Letters for an avatar placeholder, a room's name or a person's: the first letter of the first
 * two words, skipping a leading sigil (#, @, !).
 */
export function initials(name: string): string {
  const words = name
    .replace(/^[#@!+]/, '')
    .split(/\s+/)
    .filter(Boolean);
  const letters = words
    .slice(0, 2)
    .map((w) => [...w][0] ?? '')
    .join('');
  return letters.toUpperCase() || '?';
}
