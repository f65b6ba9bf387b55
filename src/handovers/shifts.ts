import { DateTime } from 'luxon';

/**
 * The cell's shift boundaries (`SHIFT_CHANGES`, wall-clock times in `TEAM_TIMEZONE`) as instants.
 * Computed day by day in the zone with luxon, so 06:00 stays 06:00 across daylight-saving changes.
 */
function boundariesAround(at: Date, times: readonly string[], zone: string): Date[] {
  const day = DateTime.fromJSDate(at, { zone }).startOf('day');
  const out: Date[] = [];
  for (const offset of [-1, 0, 1]) {
    const date = day.plus({ days: offset });
    for (const time of times) {
      const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
      out.push(DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute, second }, { zone }).toJSDate());
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** The first boundary strictly after `at`. */
export function nextShiftChange(at: Date, times: readonly string[], zone: string): Date {
  return boundariesAround(at, times, zone).find((b) => b.getTime() > at.getTime())!;
}

/** The last boundary at or before `at`. */
export function lastShiftChange(at: Date, times: readonly string[], zone: string): Date {
  return boundariesAround(at, times, zone)
    .reverse()
    .find((b) => b.getTime() <= at.getTime())!;
}

/** The boundary before `boundary`: where the shift that ends at `boundary` began. */
export function previousShiftChange(boundary: Date, times: readonly string[], zone: string): Date {
  return lastShiftChange(new Date(boundary.getTime() - 1), times, zone);
}

/** A handover this soon after a boundary is a late one: the leaving member's shift began at the boundary before. */
const LATE_HANDOVER_MS = 30 * 60 * 1000;

/**
 * Where the shift a handover at `at` closes began (SPEC "Handovers and duty"): at the previous handover when
 * it came after the boundary before the last one; for a late handover (within 30 minutes after a boundary),
 * at the boundary before that one; otherwise at the last boundary.
 */
export function handoverWindowStart(at: Date, previousHandover: Date | null, times: readonly string[], zone: string): Date {
  const last = lastShiftChange(at, times, zone);
  const before = previousShiftChange(last, times, zone);
  if (previousHandover && previousHandover.getTime() > before.getTime()) return previousHandover;
  if (at.getTime() - last.getTime() <= LATE_HANDOVER_MS) return before;
  return last;
}
