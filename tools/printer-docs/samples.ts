// Made-up sample documents of every slip and the test page, for the pictures in docs/printer and the
// printer bench. Lives in tools/ because it fills the business slips of main/ as well as the device's page.
import type { PrintDocument } from '../../hardware/printer/document.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer/profile.ts';
import type { PrinterStatus } from '../../hardware/printer/status.ts';
import { renderCommitmentSlip } from '../../main/prereview/slips/commitment-slip.ts';
import { renderDailySummary } from '../../main/queue/slips/daily-summary.ts';
import { renderNoticeSlip } from '../../main/prereview/slips/notice-slip.ts';
import { renderTestPage } from '../../hardware/printer/test-page.ts';
import { renderTicket } from '../../main/queue/slips/ticket.ts';

// The names and numbers belong to nobody.

const ISSUED_AT = new Date('2024-05-06T01:31:00Z');

const READY: PrinterStatus = {
  online: true,
  coverOpen: false,
  paperEnd: false,
  paperNearEnd: false,
  cutterError: false,
  mechanicalError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  stoppedByPaperEnd: false,
  waitingForOnlineRecovery: false,
  feedButtonPressed: false,
  checkedAt: ISSUED_AT.getTime(),
};

export const SAMPLE_DOCUMENTS: Readonly<Record<string, () => PrintDocument>> = {
  ticket: () =>
    renderTicket({
      number: 'A012',
      lineName: '社会保障业务',
      priorityLabel: '绿色通道',
      peopleAhead: 3,
      estimatedWaitMinutes: 15,
      issuedAt: ISSUED_AT,
      hallName: '示例区政务服务中心',
      hallPhone: '010-12345678',
      reference: 'PR-20240506-0001',
      kioskId: 'K-03',
    }),
  'notice-slip': () =>
    renderNoticeSlip({
      itemName: '城乡居民基本医疗保险参保登记',
      reference: 'PR-20240506-0002',
      date: '2024-05-06',
      hallName: '示例区政务服务中心',
      hallPhone: '010-12345678',
      applicantName: '张𠮷',
      maskedIdNumber: '110***********1234',
      problems: [
        {
          title: '户口簿本人页复印件缺失',
          whatToBring: '户口簿原件及本人页复印件一份（A4纸）',
          whereToGet: '户籍所在地派出所户籍窗口',
        },
        {
          title: '参保登记表未签名',
          whatToBring: '在登记表第二页“申请人签名”处签名',
          templateUrl: 'https://zwfw.example.gov.cn/forms/ylbx-01',
        },
        { title: '近期一寸免冠照片', whatToBring: '白底一寸照片一张', whereToGet: '服务大厅一楼自助照相机' },
      ],
    }),
  'commitment-slip': () =>
    renderCommitmentSlip({
      itemName: '公共场所卫生许可证核发',
      reference: 'PR-20240506-0003',
      promised: [
        { material: '从业人员健康合格证明', deadline: '2024-07-06' },
        { material: '卫生管理制度文本', deadline: '2024-07-06' },
        { material: '室内空气质量检测报告', deadline: '2024-07-06' },
      ],
      signedAt: ISSUED_AT,
      applicantName: '李四',
      maskedIdNumber: '440***********567X',
      hallName: '示例区政务服务中心',
      hallPhone: '010-12345678',
    }),
  'test-page': () =>
    renderTestPage({
      kioskId: 'K-03',
      printedAt: ISSUED_AT,
      profile: DEFAULT_PRINTER_PROFILE,
      status: { ...READY, paperNearEnd: true },
    }),
  'daily-summary': () =>
    renderDailySummary({
      date: '2024-05-06',
      hall: '示例区政务服务中心',
      kioskId: 'K-03',
      printedAt: new Date('2024-05-06T09:30:00Z'),
      staffId: 'S-1024',
      lines: [
        { prefix: 'A', lineName: '社会保障业务', issued: 134, served: 121, waiting: 9, voided: 4 },
        {
          prefix: 'B',
          lineName: '不动产登记及交易一窗受理业务',
          issued: 88,
          served: 80,
          waiting: 6,
          voided: 2,
        },
        { prefix: 'C', lineName: '户籍业务', issued: 57, served: 57, waiting: 0, voided: 0 },
        { prefix: 'V', lineName: '绿色通道', issued: 12, served: 12, waiting: 0, voided: 0 },
      ],
      noticeSlips: 23,
      commitmentSlips: 6,
      issuedOffline: 17,
    }),
};
