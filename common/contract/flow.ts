// The citizen's path through one item: the catalog, the form, the materials, the pre-review and
// its confirmation (which prints a ticket, a notice or a commitment).
import { z } from 'zod';
import type { CatalogView } from '../citizen.ts';
import type { SessionView } from '../session.ts';
import { noArgs, request } from './define.ts';

export const flowContract = {
  'catalog:get': request<CatalogView>()(noArgs),
  'catalog:search': request<string[]>()(z.object({ query: z.string().max(40) }).strict()),
  'flow:chooseItem': request<SessionView>()(z.object({ itemCode: z.string().min(1).max(64) }).strict()),
  'flow:startManual': request<SessionView>()(
    z
      .object({
        itemCode: z.string().min(1).max(64),
        name: z.string().min(1).max(40),
        idNumber: z.string().min(1).max(24),
      })
      .strict(),
  ),
  'flow:setAgent': request<SessionView>()(z.object({ agent: z.boolean() }).strict()),
  'flow:setField': request<SessionView>()(
    z.object({ fieldId: z.string().min(1).max(64), value: z.string().max(200) }).strict(),
  ),
  'flow:goto': request<SessionView>()(
    z.object({ stage: z.enum(['identified', 'form', 'materials']) }).strict(),
  ),
  'flow:setMaterial': request<SessionView>()(
    z
      .object({ materialId: z.string().min(1).max(64).nullable(), answer: z.enum(['have', 'missing']) })
      .strict(),
  ),
  'flow:review': request<SessionView>()(noArgs),
  'flow:confirm': request<SessionView>()(z.object({ commitmentAccepted: z.boolean().optional() }).strict()),
} as const;
