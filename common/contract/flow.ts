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
  /** The first question after the card: for myself, or for someone else (the card is then the agent's). */
  'flow:setWhom': request<SessionView>()(z.object({ whom: z.enum(['self', 'other']) }).strict()),
  /** Acting for someone else without the applicant's card: a typed identity, or a company. */
  'flow:setApplicant': request<SessionView>()(
    z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('typed'),
          name: z.string().min(1).max(40),
          idNumber: z.string().min(1).max(24),
        })
        .strict(),
      z
        .object({
          kind: z.literal('company'),
          name: z.string().min(1).max(80),
          creditCode: z.string().min(1).max(24),
        })
        .strict(),
    ]),
  ),
  'flow:setAgentRole': request<SessionView>()(
    z.object({ role: z.enum(['entrusted', 'guardian', 'representative']) }).strict(),
  ),
  /** 户籍 chosen on screen when the card's address names no district. */
  'flow:declareRegistration': request<SessionView>()(
    z.object({ code: z.string().regex(/^\d{6}$/) }).strict(),
  ),
  /** A blank form the catalog says is printable at the kiosk. */
  'flow:printBlankForm': request<SessionView>()(z.object({ materialId: z.string().min(1).max(64) }).strict()),
  /** The applicant declines the commitment and will bring the proofs: the notice instead. */
  'flow:declineCommitment': request<SessionView>()(noArgs),
  'flow:setField': request<SessionView>()(
    z.object({ fieldId: z.string().min(1).max(64), value: z.string().max(200) }).strict(),
  ),
  'flow:goto': request<SessionView>()(
    z.object({ stage: z.enum(['identified', 'applicant', 'form', 'materials']) }).strict(),
  ),
  'flow:setMaterial': request<SessionView>()(
    z
      .object({ materialId: z.string().min(1).max(64).nullable(), answer: z.enum(['have', 'missing']) })
      .strict(),
  ),
  /** With materials unanswered the flow asks first, unless told to count them as not brought. */
  'flow:review': request<SessionView>()(
    z.object({ unansweredMissing: z.boolean().optional(), allHave: z.boolean().optional() }).strict(),
  ),
  'flow:confirm': request<SessionView>()(z.object({ commitmentAccepted: z.boolean().optional() }).strict()),
} as const;
