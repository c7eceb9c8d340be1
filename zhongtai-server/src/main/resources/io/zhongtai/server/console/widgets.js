// Small pieces shared by the sources, backups and dashboards pages: timers, ISO durations, option inputs,
// a key/value table and a confirm-then-act button.
import { useEffect, useRef } from '/_static/htm/3.1.1/preact/standalone.module.js';
import { formatDuration, html } from './components.js';
import { addMessages, t } from './i18n.js';

addMessages({
  en: { 'widgets.secret': 'secret' },
  'zh-CN': { 'widgets.secret': '机密' },
});

/** Calls callback every ms milliseconds while ms is a positive number; the latest callback is the one called. */
export function useInterval(callback, ms) {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    if (!ms || ms <= 0) return undefined;
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms]);
}

/** Seconds of a duration the API sends as ISO-8601 ('PT1M2.5S', 'P1DT2H') or as a number of seconds. */
export function durationSeconds(value) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(-?\d+(?:\.\d+)?)H)?(?:(-?\d+(?:\.\d+)?)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/.exec(String(value));
  if (!m) return Number.isFinite(Number(value)) ? Number(value) : null;
  const [, minus, d, h, min, s] = m;
  const total = (Number(d || 0) * 86400) + (Number(h || 0) * 3600) + (Number(min || 0) * 60) + Number(s || 0);
  return minus ? -total : total;
}

/** An ISO duration for people: '1m 2s', or milliseconds below ten seconds ('2.35 s'). */
export function formatIsoDuration(value) {
  const seconds = durationSeconds(value);
  if (seconds === null) return '';
  return seconds < 10 ? `${seconds.toFixed(seconds < 1 ? 3 : 2)} s` : formatDuration(seconds);
}

/** A two-column table of label/value pairs (values may be markup). */
export function Facts({ facts, label }) {
  return html`<table class="list facts" aria-label=${label}><tbody>
    ${facts.filter(([, value]) => value !== undefined).map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}
  </tbody></table>`;
}

/** A button that asks (window.confirm) before running action. */
export function ConfirmButton({ question, action, children, disabled, label }) {
  return html`<button type="button" class="danger" aria-label=${label} disabled=${disabled}
    onClick=${() => { if (window.confirm(question)) action(); }}>${children}</button>`;
}

/**
 * One input for a declared option ({name, type, defaultValue, required, secret, doc, allowedValues}): a checkbox for
 * BOOLEAN, a number for INTEGER/LONG, a select for ENUM, a password input for secrets, text otherwise. Values are
 * strings ('true'/'false' for checkboxes).
 */
export function OptionInput({ option, value, onChange, idPrefix, problem }) {
  const id = `${idPrefix}-${option.name}`;
  const docId = [option.doc ? `${id}-doc` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
  const invalid = problem ? 'true' : undefined;
  const type = String(option.type || 'STRING').toUpperCase();
  const set = (e) => onChange(e.target.type === 'checkbox' ? String(e.target.checked) : e.target.value);
  let input;
  if (type === 'BOOLEAN' && !option.secret) {
    input = html`<input id=${id} type="checkbox" checked=${value === 'true'} onChange=${set} aria-describedby=${docId} aria-invalid=${invalid} />`;
  } else if (type === 'ENUM' && (option.allowedValues || []).length > 0) {
    input = html`<select id=${id} value=${value} onChange=${set} required=${option.required} aria-describedby=${docId} aria-invalid=${invalid}>
      ${option.required && option.defaultValue ? null : html`<option value="">—</option>`}
      ${option.allowedValues.map((v) => html`<option value=${v}>${v}</option>`)}</select>`;
  } else {
    const inputType = option.secret ? 'password' : type === 'INTEGER' || type === 'LONG' ? 'number' : 'text';
    input = html`<input id=${id} type=${inputType} value=${value} onInput=${set} required=${option.required}
      placeholder=${option.secret ? '' : option.defaultValue || ''} autocomplete=${option.secret ? 'new-password' : 'off'}
      aria-describedby=${docId} aria-invalid=${invalid} />`;
  }
  return html`<label for=${id}>${option.name}${option.required ? html` <span aria-hidden="true">*</span>` : null}
      ${option.secret ? html` <span class="badge">${t('widgets.secret')}</span>` : null}</label>
    <div class="option">${input}${problem ? html`<div class="field-problem small" id=${`${id}-problem`}>${problem}</div>` : null}
      ${option.doc ? html`<div class="muted small" id=${`${id}-doc`}>${option.doc}</div>` : null}</div>`;
}

/** The value an option's input starts with: its default for checkboxes and selects, empty (default as placeholder) else. */
export function initialOptionValue(option) {
  const type = String(option.type || '').toUpperCase();
  if (type === 'BOOLEAN') return option.defaultValue === 'true' ? 'true' : 'false';
  if (type === 'ENUM') return option.defaultValue || '';
  return '';
}

function initialDefault(option) {
  return String(option.type || '').toUpperCase() === 'BOOLEAN' ? initialOptionValue(option) : option.defaultValue ?? '';
}

/** {options, secrets} to send: only values that were given and differ from the default (secrets when non-empty). */
export function optionPayload(options, values) {
  const plain = {};
  const secrets = {};
  options.forEach((option) => {
    const value = values[option.name];
    if (value === undefined || value === '') return;
    if (option.secret) secrets[option.name] = value;
    else if (value !== initialDefault(option) || option.required) plain[option.name] = value;
  });
  return { options: plain, secrets };
}

/**
 * Splits a 400 problem's detail ("...: path: required option is missing; format: expected one of ...") into a
 * message per option name, for showing each next to its input. Names not found are left out.
 */
export function optionProblems(detail, names) {
  const found = {};
  if (!detail || names.length === 0) return found;
  const escape = (n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternation = [...names].sort((a, b) => b.length - a.length).map(escape).join('|');
  const pattern = new RegExp(`(?:^|: |; )(${alternation}): (.*?)(?=; (?:${alternation}): |$)`, 'g');
  let match;
  while ((match = pattern.exec(detail)) !== null) found[match[1]] = match[2];
  return found;
}
