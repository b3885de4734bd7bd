// Localised messages: the default language's text goes in the element with an ovf:msgid, every
// other language goes into an Envelope/Strings bundle (DSP0243 localisation).
import type { LocalText } from '../../project/schema.ts';
import { el } from './xml-build.ts';
import type { XmlElement } from '../../ovf/xml-tree.ts';

export const defaultLanguage = 'en-US';

export class Messages {
  private readonly bundles = new Map<string, { msgid: string; text: string }[]>();

  /** An element holding `text`; with translations it gets an ovf:msgid and feeds the bundles. */
  element(name: string, text: LocalText, msgid: string): XmlElement {
    if (typeof text === 'string') return el(name, {}, text);
    const languages = Object.keys(text);
    const main = text[defaultLanguage] !== undefined ? defaultLanguage : languages[0];
    if (main === undefined) return el(name, {}, '');
    if (languages.length === 1) return el(name, {}, text[main] ?? '');
    for (const lang of languages) {
      if (lang === main) continue;
      const list = this.bundles.get(lang) ?? [];
      list.push({ msgid, text: text[lang] ?? '' });
      this.bundles.set(lang, list);
    }
    return el(name, { 'ovf:msgid': msgid }, text[main] ?? '');
  }

  /** The Strings elements, one per extra language, in a stable order. */
  strings(): XmlElement[] {
    return [...this.bundles.keys()].sort().map((lang) =>
      el('Strings', { 'xml:lang': lang }, ...(this.bundles.get(lang) ?? []).map((m) => el('Msg', { 'ovf:msgid': m.msgid }, m.text))),
    );
  }
}

/** The text a non-OVF output (a script, a report) shows: the default language. */
export function plainText(text: LocalText): string {
  if (typeof text === 'string') return text;
  return text[defaultLanguage] ?? Object.values(text)[0] ?? '';
}
