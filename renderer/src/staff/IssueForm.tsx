import { useState } from 'react';
import type { LaneId, LineView } from '../../../common/queue.ts';
import { useI18n } from '../i18n/index.tsx';

/** Issue a number on someone's behalf: the line, the lane (green channel), and who — the card on
 *  the reader or a typed number. */
export function IssueForm({
  lines,
  onIssue,
}: {
  lines: LineView[];
  onIssue: (input: { line: string; lane: LaneId; idNumber?: string; useCard?: boolean }) => void;
}) {
  const { t, locale } = useI18n();
  const [lineId, setLineId] = useState('');
  const [lane, setLane] = useState<LaneId>('ordinary');
  const [idNumber, setIdNumber] = useState('');
  // The person's card on the reader identifies them (one open ticket per person), nothing typed.
  const [useCard, setUseCard] = useState(false);
  const line = lines.find((candidate) => candidate.id === lineId) ?? lines[0];
  return (
    <form
      className="staff-panel staff-issue"
      data-testid="staff-issue"
      onSubmit={(event) => {
        event.preventDefault();
        if (!line) return;
        onIssue({
          line: line.id,
          lane,
          ...(useCard ? { useCard: true } : idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
        });
        setIdNumber('');
        setUseCard(false);
      }}
    >
      <h2>{t('staff.issueTitle')}</h2>
      <label>
        {t('staff.line')}
        <select
          data-testid="staff-line"
          value={line?.id ?? ''}
          onChange={(event) => {
            setLineId(event.target.value);
            setLane('ordinary');
          }}
        >
          {lines.map((option) => (
            <option key={option.id} value={option.id}>
              {option.prefix} {option.name[locale]}
              {option.openNow ? '' : ` (${t('staff.nightVoucher')})`}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="staff-lanes">
        <legend>{t('staff.lane')}</legend>
        {(line?.lanes ?? []).map((option) => (
          <label key={option.id} className={option.id === lane ? 'lane lane-chosen' : 'lane'}>
            <input
              type="radio"
              name="lane"
              data-testid={`staff-lane-${option.id}`}
              checked={option.id === lane}
              onChange={() => setLane(option.id)}
            />
            {option.name[locale]}
          </label>
        ))}
      </fieldset>
      <label className="staff-use-card">
        <input
          type="checkbox"
          data-testid="staff-use-card"
          checked={useCard}
          onChange={(event) => setUseCard(event.target.checked)}
        />
        {t('staff.useCard')}
      </label>
      <label>
        {t('staff.idNumberOptional')}
        <input
          data-testid="staff-id-number"
          disabled={useCard}
          autoComplete="off"
          maxLength={20}
          value={idNumber}
          onChange={(event) => setIdNumber(event.target.value.toUpperCase())}
        />
      </label>
      <button type="submit" className="button-primary" data-testid="staff-issue-submit" disabled={!line}>
        {t('staff.issue')}
      </button>
    </form>
  );
}
