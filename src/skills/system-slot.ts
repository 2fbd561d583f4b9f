/**
 * A system slot's value as SID and client: "PRD/100", "PRD 100" or "PRD-100" → `{ system: 'PRD',
 * client: '100' }`; anything else is the system as said. Skills that register or act on an alert
 * read the slot the same way.
 */
export function splitSystemAndClient(value: string): { system: string; client?: string } {
  const match = /^([A-Za-z0-9]{3})\s*[/:\s-]\s*(\d{3})$/.exec(value.trim());
  return match?.[1] && match[2] ? { system: match[1].toUpperCase(), client: match[2] } : { system: value };
}
