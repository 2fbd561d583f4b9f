import type { AlertLifecycle } from './alert-change';
import type { AlertRecord, AlertView } from './alert-register';

/**
 * `record` with `lifecycle` folded in, copied: what every alert store hands out as a view.
 *
 * @example
 *   viewOf(record, index.lifecycle(record.ref)).status; // 'investigating'
 */
export function viewOf(record: AlertRecord, lifecycle: AlertLifecycle): AlertView {
  const { status: _registered, ...facts } = record;
  return { ...facts, ...copyLifecycle(lifecycle) };
}

/** A lifecycle's notes are an array: copied too, so callers cannot change the register. */
export function copyLifecycle(lifecycle: AlertLifecycle): AlertLifecycle {
  return { ...lifecycle, notes: lifecycle.notes.map((note) => ({ ...note })) };
}
