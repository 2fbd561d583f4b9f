import type { MailDecidedBy } from '../classification/mail-classification';
import type { MailLogEntry } from '../mail-log-entry';
import { mailHistories, type MailHistory } from './mail-history';
import { mailPhrase } from './mail-phrase';
import type { ReportMonth } from './report-month';

/** The report lists at most this many of the mails corrected most often. */
export const MOST_CORRECTED_LIMIT = 10;

/** A count and its share of the month's mails (null when there were none). */
export interface CountShare {
  readonly count: number;
  readonly share: number | null;
}

/** How often the model's best category was the final one, over some mails. */
export interface ModelAgreement {
  readonly mails: number;
  readonly agreed: number;
  /** agreed / mails; null without mails. */
  readonly accuracy: number | null;
}

/** A group of corrected mails with the same text: a suggested training phrase. */
export interface MostCorrectedMail {
  readonly textHash: string;
  /** How many mails with this text were corrected. */
  readonly count: number;
  readonly subject: string;
  /** The phrase `socbot mail review` would add to the corpus (subject and first sentences). */
  readonly excerpt: string;
  /** The final category of the latest of them. */
  readonly correctedTo: string;
}

/** `socbot mail report`: the month's mail classification and what analysts corrected. */
export interface MailReport {
  /** `2026-11`: mails predicted in this UTC month, with their corrections whenever made. */
  readonly month: string;
  readonly mails: number;
  /** Per category: mails the cascade put there and mails there after corrections. */
  readonly categories: readonly { category: string; predicted: number; final: number }[];
  /** Which stage of the cascade decided, and how many of those mails were corrected. */
  readonly decidedBy: Readonly<Record<MailDecidedBy, CountShare & { corrected: number }>>;
  /**
   * The model's best category (also below the threshold) against the final category. On
   * uncorrected mails the final category is the one analysts left standing, so this says how
   * often the model alone would have been right where nobody objected.
   */
  readonly modelAccuracy: {
    readonly all: ModelAgreement;
    readonly corrected: ModelAgreement;
    readonly uncorrected: ModelAgreement;
  };
  readonly corrections: {
    /** Correction lines for the month's mails. */
    readonly count: number;
    /** Mails whose final category differs from the predicted one, and their share. */
    readonly mails: CountShare;
    readonly byAnalyst: readonly { id: string; name: string; count: number }[];
    readonly bySource: Readonly<Record<'card' | 'chat', number>>;
  };
  /** Rows: predicted category; columns: final category; `matrix[row][column]` mails. */
  readonly confusion: { readonly labels: readonly string[]; readonly matrix: readonly (readonly number[])[] };
  readonly mostCorrected: readonly MostCorrectedMail[];
  /** Damaged lines of mail.jsonl skipped (the whole file: a damaged line has no month). */
  readonly skippedLines: number;
}

const STAGES: readonly MailDecidedBy[] = ['model', 'keywords', 'default'];

/**
 * Computes the monthly report from the mail log's lines: the mails predicted in `month` (UTC) and
 * every correction made to them, whenever made.
 *
 * @example
 *   const { entries, skippedLines } = await new MailLog(dataDir).read();
 *   computeMailReport(entries, skippedLines, parseReportMonth('2026-11')).corrections.mails;
 */
export function computeMailReport(
  entries: readonly MailLogEntry[],
  skippedLines: number,
  month: ReportMonth,
): MailReport {
  const start = Date.parse(month.start);
  const end = Date.parse(month.end);
  const mails = mailHistories(entries).filter((mail) => {
    const at = Date.parse(mail.prediction.at);
    return at >= start && at < end;
  });
  const share = (count: number): CountShare => ({
    count,
    share: mails.length === 0 ? null : count / mails.length,
  });
  const corrected = mails.filter((mail) => mail.corrected);
  const corrections = mails.flatMap((mail) => mail.corrections);
  return {
    month: month.label,
    mails: mails.length,
    categories: categoryVolumes(mails),
    decidedBy: Object.fromEntries(
      STAGES.map((stage) => {
        const decided = mails.filter((mail) => mail.prediction.via === stage);
        return [stage, { ...share(decided.length), corrected: decided.filter((m) => m.corrected).length }];
      }),
    ) as MailReport['decidedBy'],
    modelAccuracy: {
      all: modelAgreement(mails),
      corrected: modelAgreement(corrected),
      uncorrected: modelAgreement(mails.filter((mail) => !mail.corrected)),
    },
    corrections: {
      count: corrections.length,
      mails: share(corrected.length),
      byAnalyst: countBy(
        corrections,
        (c) => c.by.id,
        (c) => c.by.name,
      ).map(({ key, label, count }) => ({ id: key, name: label, count })),
      bySource: {
        card: corrections.filter((c) => c.source === 'card').length,
        chat: corrections.filter((c) => c.source === 'chat').length,
      },
    },
    confusion: confusion(mails),
    mostCorrected: mostCorrected(corrected),
    skippedLines,
  };
}

function categoryVolumes(mails: readonly MailHistory[]): MailReport['categories'] {
  const names = sortedUnique(mails.flatMap((mail) => [mail.prediction.category, mail.finalCategory]));
  return names.map((category) => ({
    category,
    predicted: mails.filter((mail) => mail.prediction.category === category).length,
    final: mails.filter((mail) => mail.finalCategory === category).length,
  }));
}

function modelAgreement(mails: readonly MailHistory[]): ModelAgreement {
  const agreed = mails.filter((mail) => mail.prediction.modelCategory === mail.finalCategory).length;
  return { mails: mails.length, agreed, accuracy: mails.length === 0 ? null : agreed / mails.length };
}

function confusion(mails: readonly MailHistory[]): MailReport['confusion'] {
  const labels = sortedUnique(mails.flatMap((mail) => [mail.prediction.category, mail.finalCategory]));
  const matrix = labels.map((predicted) =>
    labels.map(
      (final) =>
        mails.filter((mail) => mail.prediction.category === predicted && mail.finalCategory === final).length,
    ),
  );
  return { labels, matrix };
}

/** Corrected mails grouped by text, most corrected first, then the most recently predicted. */
function mostCorrected(corrected: readonly MailHistory[]): MostCorrectedMail[] {
  const groups = new Map<string, MailHistory[]>();
  for (const mail of corrected) {
    const group = groups.get(mail.prediction.textHash) ?? [];
    group.push(mail);
    groups.set(mail.prediction.textHash, group);
  }
  return [...groups.entries()]
    .map(([textHash, group]) => {
      // Mails are in prediction order: the last one is the latest.
      const latest = group[group.length - 1] as MailHistory;
      return {
        textHash,
        count: group.length,
        subject: latest.prediction.subject,
        excerpt: mailPhrase(latest.prediction.text),
        correctedTo: latest.finalCategory,
        latestAt: Date.parse(latest.prediction.at),
      };
    })
    .sort((a, b) => b.count - a.count || b.latestAt - a.latestAt || a.textHash.localeCompare(b.textHash))
    .slice(0, MOST_CORRECTED_LIMIT)
    .map(({ latestAt: _latestAt, ...group }) => group);
}

function countBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  labelOf: (item: T) => string,
): { key: string; label: string; count: number }[] {
  const counts = new Map<string, { key: string; label: string; count: number }>();
  for (const item of items) {
    const key = keyOf(item);
    const entry = counts.get(key) ?? { key, label: labelOf(item), count: 0 };
    // The latest name wins: a renamed analyst is shown as now.
    counts.set(key, { ...entry, label: labelOf(item), count: entry.count + 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
