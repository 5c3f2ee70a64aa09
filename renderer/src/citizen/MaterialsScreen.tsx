import { useState } from 'react';
import type { FlowView } from '../../../common/citizen.ts';
import { Paged } from '../components/Paged.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePageSize } from '../prefs.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { BackButton, FlowButton } from './FlowButton.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';
import './citizen-flow.css';

/** Each material in plain words with an example, answered one by one: "I have it" or "I don't".
 *  Asking for the review with some unanswered lists them first. 「可容缺」 shows only where a
 *  commitment is really possible for this applicant. A blank form the catalog says the kiosk prints
 *  has its button here. */
export function MaterialsScreen({ flow }: { flow: FlowView }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  const [printed, setPrinted] = useState<string | null>(null);
  // Elderly mode: two materials a page, turned with a tap instead of scrolling.
  const pageSize = usePageSize(50, 2);
  useGuidance('guide.materials');
  const unanswered = new Set(flow.unanswered);
  return (
    <main className="flow-screen" data-testid="materials-screen">
      <p className="flow-step">{t('flow.step', { step: 2, total: 3 })}</p>
      <h1 className="flow-title">{t('materials.title')}</h1>
      <p className="flow-lead">{t('materials.lead')}</p>
      <button
        type="button"
        className="button-primary all-have"
        data-testid="all-have"
        disabled={busy}
        // One tap for the common case: everything is here, so check it straight away.
        onClick={() => void run('flow:review', { allHave: true })}
      >
        {t('materials.allHave')}
      </button>
      {error && (
        <p className="banner banner-fault-inline" role="alert">
          {error}
        </p>
      )}
      {printed && (
        <p className="notice" role="status" data-testid="form-printed">
          {t('materials.formPrinted')}
        </p>
      )}
      {flow.unanswered.length > 0 && (
        <section className="unanswered" role="alert" data-testid="unanswered">
          <p>{t('materials.unanswered', { count: flow.unanswered.length })}</p>
          <ul>
            {flow.materials
              .filter((material) => unanswered.has(material.id))
              .map((material) => (
                <li key={material.id}>{loc(material.name)}</li>
              ))}
          </ul>
          <p>{t('materials.answerThem')}</p>
          <button
            type="button"
            className="button-secondary"
            data-testid="review-rest-missing"
            disabled={busy}
            onClick={() => void run('flow:review', { unansweredMissing: true })}
          >
            {t('materials.restMissing')}
          </button>
        </section>
      )}
      <Paged
        items={flow.materials}
        pageSize={pageSize}
        className="materials"
        render={(material) => (
          <li
            key={material.id}
            className="material"
            data-testid={`material-${material.id}`}
            data-answer={material.answer ?? ''}
            data-unanswered={unanswered.has(material.id) ? 'true' : undefined}
          >
            {material.example && (
              <img className="material-example" src={`catalog/${material.example}`} alt="" />
            )}
            <div className="material-text">
              <h2>
                {loc(material.name)}{' '}
                <span className={material.core ? 'badge badge-core' : 'badge'}>
                  {material.core ? t('materials.core') : t('materials.nonCore')}
                </span>
                {material.promisable && (
                  <span className="badge badge-promisable" data-testid={`promisable-${material.id}`}>
                    {t('materials.promisable')}
                  </span>
                )}
                {material.forAgent && <span className="badge">{t('materials.forAgent')}</span>}
              </h2>
              <p>{loc(material.description)}</p>
              <p className="where">
                {t('materials.whereToGet')}
                {loc(material.whereToGet)}
              </p>
              {material.printableForm && (
                <button
                  type="button"
                  className="button-secondary"
                  data-testid={`print-form-${material.id}`}
                  disabled={busy}
                  onClick={async () => {
                    const reply = await run('flow:printBlankForm', { materialId: material.id });
                    if (reply.ok) setPrinted(material.id);
                  }}
                >
                  {t('materials.printForm')}
                </button>
              )}
            </div>
            <div className="chips" role="radiogroup" aria-label={loc(material.name)}>
              <button
                type="button"
                role="radio"
                aria-checked={material.answer === 'have'}
                data-testid={`have-${material.id}`}
                onClick={() => void run('flow:setMaterial', { materialId: material.id, answer: 'have' })}
              >
                {t('materials.have')}
              </button>
              <button
                type="button"
                role="radio"
                aria-checked={material.answer === 'missing'}
                data-testid={`missing-${material.id}`}
                onClick={() => void run('flow:setMaterial', { materialId: material.id, answer: 'missing' })}
              >
                {t('materials.missing')}
              </button>
            </div>
          </li>
        )}
      />
      <div className="actions">
        <BackButton run={run} stage="form" />
        <FlowButton kind="primary" testId="review" disabled={busy} onClick={() => run('flow:review', {})}>
          {t('materials.review')}
        </FlowButton>
      </div>
    </main>
  );
}
