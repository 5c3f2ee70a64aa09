import { useMemo, useState } from 'react';
import type { ItemSummary, Localized } from '../../../common/citizen.ts';
import { useRequest } from '../use-request.ts';
import type { SessionView } from '../../../common/session.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { HallNotices, NightNotice, useHallStatus } from '../components/HallBanner.tsx';
import { Paged } from '../components/Paged.tsx';
import { usePageSize } from '../prefs.tsx';
import { useGuidance, useSpokenAlert } from '../speech/speech.tsx';
import { EndSessionButton } from './FlowButton.tsx';
import { CardGreeting } from './CardGreeting.tsx';
import { ItemButton } from './ItemButton.tsx';
import { useFlowAction, useLocalized } from './use-flow.ts';

const mostUsedShown = 6;

/** The person is known: greet them, then let them pick a service item — most used first, by
 *  category, or by search (name, keyword or pinyin initials such as "sbk"). */
export function ItemsScreen({ session, cardRemoved }: { session: SessionView; cardRemoved: boolean }) {
  const { api } = useKiosk();
  const { t } = useI18n();
  const loc = useLocalized();
  const { run, error } = useFlowAction();
  const [category, setCategory] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [why, setWhy] = useState<{ code: string; text: string } | null>(null);
  const card = session.card!;
  const hall = useHallStatus();
  const pageSize = usePageSize(6, 3);
  useGuidance('guide.items');
  useSpokenAlert(cardRemoved ? 'idcard.removed' : null, cardRemoved ? t('idcard.removed') : null);

  const catalog = useRequest(() => api.invoke('catalog:get', {}), []).value;
  const searching = query.trim() !== '';
  const matches = useRequest(() => api.invoke('catalog:search', { query }), [query], {
    enabled: searching,
  }).value;
  useSpokenAlert(why ? `items.unavailable.${why.code}` : null, why?.text ?? null);

  const shown = useMemo(() => {
    if (!catalog) return [];
    const byCode = new Map(catalog.items.map((item) => [item.code, item]));
    if (query.trim() !== '' && matches) return matches.map((code) => byCode.get(code)!).filter(Boolean);
    if (category) return catalog.items.filter((item) => item.category === category);
    return catalog.mostUsed.slice(0, mostUsedShown).map((code) => byCode.get(code)!);
  }, [catalog, category, matches, query]);

  return (
    <main className="flow-screen" data-testid="items-screen">
      <header className="flow-header">
        <CardGreeting card={card} />
        {card.expired && (
          <p className="banner banner-warning" role="alert">
            {t('idcard.expired')}
          </p>
        )}
        {cardRemoved && (
          <p className="notice" role="status" data-testid="card-removed">
            {t('idcard.removed')}
          </p>
        )}
      </header>
      <HallNotices status={hall} />
      <NightNotice status={hall} />
      <h2 className="flow-title">{t('items.title')}</h2>
      <label className="search">
        <span className="search-label">{t('items.search')}</span>
        <input
          type="search"
          data-testid="item-search"
          value={query}
          placeholder={t('items.searchHint')}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <div className="chips" role="group" aria-label={t('items.categories')}>
        <button
          type="button"
          aria-pressed={category === null && !query}
          onClick={() => (setCategory(null), setQuery(''))}
        >
          {t('items.mostUsed')}
        </button>
        {catalog?.categories.map((entry) => (
          <button
            key={entry.id}
            type="button"
            aria-pressed={category === entry.id && !query}
            onClick={() => (setCategory(entry.id), setQuery(''))}
          >
            {loc(entry.name)}
          </button>
        ))}
      </div>
      {error && (
        <p className="banner banner-fault-inline" role="alert">
          {error}
        </p>
      )}
      <Paged
        key={`${category ?? ''}|${query}`}
        items={shown}
        pageSize={pageSize}
        className="item-list"
        testId="item-list"
        empty={query.trim() !== '' ? <li className="empty">{t('items.noMatch')}</li> : null}
        render={(item) => {
          // Said on the list, before any form: this item does not apply to this person, and why.
          const unavailable = unavailableReason(item);
          return (
            <li key={item.code}>
              <ItemButton
                item={item}
                className="item-button"
                testId={`item-${item.code}`}
                detail
                unavailable={unavailable}
                onChoose={() =>
                  unavailable
                    ? setWhy({
                        code: item.code,
                        text: t('items.unavailableSaid', { item: loc(item.name), reason: loc(unavailable) }),
                      })
                    : void run('flow:chooseItem', { itemCode: item.code })
                }
              />
              {why?.code === item.code && (
                <p className="banner banner-warning" role="alert" data-testid="item-unavailable-said">
                  {why.text}
                </p>
              )}
            </li>
          );
        }}
      />
      <div className="actions">
        <EndSessionButton />
      </div>
    </main>
  );
}

/** Why this item does not apply to the person at the kiosk (the flow computes it from the catalog's
 *  eligibility rules once the applicant is known), or null. */
function unavailableReason(item: ItemSummary): Localized | null {
  return (item as ItemSummary & { unavailable?: Localized | null }).unavailable ?? null;
}
