/** Ids Field.astro gives its help and error text, so a slotted control can point at them. */
export function fieldIds(id: string) {
  return { help: `${id}-help`, error: `${id}-error` };
}

/** The `aria-describedby` value for a control inside Field.astro, or undefined when there is nothing to describe. */
export function describedBy(id: string, text: { help?: string | undefined; error?: string | undefined }) {
  const ids = fieldIds(id);
  return [text.help && ids.help, text.error && ids.error].filter(Boolean).join(' ') || undefined;
}
