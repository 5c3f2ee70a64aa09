import type { FlowView } from '../../../common/citizen.ts';
import { Paged } from '../components/Paged.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePageSize } from '../prefs.tsx';
import { useGuidance } from '../speech/speech.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';

/** Each material in plain words with an example, core or not; the person says what they have.
 *  Conditional materials (an agent's power of attorney…) appear only when they apply. */
export function MaterialsScreen({ flow }: { flow: FlowView }) {
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error, busy } = useFlowAction();
  // Elderly mode: two materials a page, turned with a tap instead of scrolling.
  const pageSize = usePageSize(50, 2);
  useGuidance('guide.materials');
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
        onClick={async () => {
          // One tap for the common case: everything is here, so check it straight away.
          const marked = await run('flow:setMaterial', { materialId: null, answer: 'have' });
          if (marked.ok) await run('flow:review', {});
        }}
      >
        {t('materials.allHave')}
      </button>
      {error && (
        <p className="banner banner-fault-inline" role="alert">
          {error}
        </p>
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
                {material.forAgent && <span className="badge">{t('materials.forAgent')}</span>}
              </h2>
              <p>{loc(material.description)}</p>
              <p className="where">
                {t('materials.whereToGet')}
                {loc(material.whereToGet)}
              </p>
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
        <button
          type="button"
          className="button-secondary"
          data-testid="back"
          onClick={() => void run('flow:goto', { stage: 'form' })}
        >
          {t('flow.back')}
        </button>
        <button
          type="button"
          className="button-primary"
          data-testid="review"
          disabled={busy}
          onClick={() => void run('flow:review', {})}
        >
          {t('materials.review')}
        </button>
      </div>
    </main>
  );
}
