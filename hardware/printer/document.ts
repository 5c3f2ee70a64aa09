import { z } from 'zod';

// A small document model between the templates and the ESC/POS bytes: templates say what a person
// should read, `encodeDocument` decides how a given printer is told to print it.

const magnification = z.number().int().min(1).max(8);

export const textSizeSchema = z.object({ width: magnification, height: magnification });
export type TextSize = z.infer<typeof textSizeSchema>;
export type Align = 'left' | 'center' | 'right';
const alignSchema = z.enum(['left', 'center', 'right']);

export const printBlockSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string().max(4000),
    align: alignSchema.optional(),
    bold: z.boolean().optional(),
    size: textSizeSchema.optional(),
    /** Columns of blank before every wrapped line (a hanging indent for list items). */
    indent: z.number().int().min(0).max(24).optional(),
  }),
  /** A label on the left and a value on the right of the same line (value wraps under itself if long). */
  z.object({
    kind: z.literal('pair'),
    label: z.string().max(200),
    value: z.string().max(2000),
    bold: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('rule'), char: z.enum(['-', '=', '.']).optional() }),
  z.object({
    kind: z.literal('qr'),
    data: z.string().min(1).max(1000),
    moduleSize: magnification.optional(),
    errorCorrection: z.enum(['L', 'M', 'Q', 'H']).optional(),
  }),
  z.object({
    kind: z.literal('barcode'),
    /** CODE128 code set B: printable ASCII only. */
    data: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[\x20-\x7e]+$/, 'barcode data must be printable ASCII'),
    heightDots: z.number().int().min(16).max(255).optional(),
  }),
  z.object({ kind: z.literal('feed'), lines: z.number().int().min(1).max(20) }),
  z.object({ kind: z.literal('cut') }),
]);
export type PrintBlock = z.infer<typeof printBlockSchema>;

export const documentKinds = [
  'ticket',
  'voucher',
  'notice',
  'not-accepted',
  'commitment',
  'blank-form',
  'summary',
  'test-page',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const printDocumentSchema = z.object({
  /** What the document is ("queue ticket A012"); used in logs, so never personal data. */
  title: z.string().min(1).max(120),
  /** Which paper this is, for the desk's reprint list (optional: the title says it for older callers). */
  kind: z.enum(documentKinds).optional(),
  /** The language the paper is in (the citizen's choice on screen); absent means Chinese. A desk
   *  reprint reads it to mark the copy in the same language. */
  locale: z.enum(['zh-CN', 'en']).optional(),
  blocks: z.array(printBlockSchema).max(2000),
});
export type PrintDocument = z.infer<typeof printDocumentSchema>;

/** Small helpers so templates read like the paper they describe. */
export const doc = {
  text: (
    text: string,
    style: { align?: Align; bold?: boolean; size?: TextSize; indent?: number } = {},
  ): PrintBlock => ({
    kind: 'text',
    text,
    ...style,
  }),
  center: (text: string, style: { bold?: boolean; size?: TextSize } = {}): PrintBlock => ({
    kind: 'text',
    text,
    align: 'center',
    ...style,
  }),
  pair: (label: string, value: string, bold?: boolean): PrintBlock => ({
    kind: 'pair',
    label,
    value,
    ...(bold === undefined ? {} : { bold }),
  }),
  rule: (char: '-' | '=' | '.' = '-'): PrintBlock => ({ kind: 'rule', char }),
  qr: (data: string, moduleSize?: number): PrintBlock => ({
    kind: 'qr',
    data,
    errorCorrection: 'M',
    ...(moduleSize === undefined ? {} : { moduleSize }),
  }),
  barcode: (data: string): PrintBlock => ({ kind: 'barcode', data }),
  feed: (lines = 1): PrintBlock => ({ kind: 'feed', lines }),
  cut: (): PrintBlock => ({ kind: 'cut' }),
};
