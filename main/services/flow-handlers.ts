// The citizen flow's requests (catalog, form, materials, pre-review, confirmation) and the hall
// status the citizen screens show.
import type { HandlerMap } from '../host/dispatch.ts';
import type { CitizenFlowService } from './citizen-flow.ts';
import type { HallStatusService } from './hours.ts';
import type { SessionService } from './session.ts';

type FlowChannel =
  | 'hall:getStatus'
  | 'catalog:get'
  | 'catalog:search'
  | `flow:${
      | 'chooseItem'
      | 'startManual'
      | 'setWhom'
      | 'setApplicant'
      | 'setAgentRole'
      | 'declareRegistration'
      | 'printBlankForm'
      | 'declineCommitment'
      | 'setField'
      | 'goto'
      | 'setMaterial'
      | 'review'
      | 'confirm'}`;

export function flowHandlers(deps: {
  flow: CitizenFlowService;
  session: SessionService;
  hallStatus: HallStatusService;
}): HandlerMap<FlowChannel> {
  const { flow, session, hallStatus } = deps;
  return {
    'hall:getStatus': () => hallStatus.status(),
    'catalog:get': () => flow.catalogView(),
    'catalog:search': ({ query }) => flow.search(query),
    'flow:chooseItem': ({ itemCode }) => flow.chooseItem(itemCode),
    'flow:startManual': ({ itemCode, name, idNumber }) => flow.startManual(itemCode, name, idNumber),
    'flow:setWhom': ({ whom }) => flow.setWhom(whom),
    'flow:setApplicant': (args) =>
      args.kind === 'typed'
        ? flow.setApplicantTyped(args.name, args.idNumber)
        : flow.setApplicantCompany(args.name, args.creditCode),
    'flow:setAgentRole': ({ role }) => flow.setAgentRole(role),
    'flow:declareRegistration': ({ code }) => flow.declareRegistration(code),
    'flow:printBlankForm': ({ materialId }) => session.whilePrinting(() => flow.printBlankForm(materialId)),
    'flow:declineCommitment': () => flow.declineCommitment(),
    'flow:setField': ({ fieldId, value }) => flow.setField(fieldId, value),
    'flow:goto': ({ stage }) => flow.goto(stage),
    'flow:setMaterial': ({ materialId, answer }) => flow.setMaterial(materialId, answer),
    'flow:review': ({ unansweredMissing, allHave }) =>
      flow.review({ unansweredMissing: unansweredMissing ?? false, allHave: allHave ?? false }),
    // Paper coming out holds off the idle reset and the card-removal end.
    'flow:confirm': ({ commitmentAccepted }) =>
      session.whilePrinting(() => flow.confirm(commitmentAccepted ?? false)),
  };
}
