// A basis as the citizen's paper prints it. The catalog's basis texts carry the maintainers'
// review notes beside the citation — 「文件未在法规库核对」, "not checked in the law library", 「按议题
// 所引」 — which say how far the team could verify a text. They belong in the catalog (reviewers
// read them there), not on a notice the hall signs: a citizen reads them as "this may not be the
// law". Only those clauses go; the citation and every other remark (「地方文件」, "agency practice,
// not an article") stay.

/** A clause holding one of these is a review note. */
const reviewNote = /未在法规库核对|按议题所引|not checked in the law library|as cited in the issue/i;

/** The innermost bracketed group (Chinese or ASCII brackets, no bracket inside). */
const innermostGroup = /([（(])([^（）()]*)([）)])/g;

function withoutNoteClauses(content: string): string {
  // Split keeping the separators: [clause, sep, clause, sep, clause…].
  const parts = content.split(/(\s*[；;，,]\s*)/);
  const kept: string[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const clause = parts[index]!;
    if (reviewNote.test(clause)) continue;
    if (kept.length > 0) kept.push(parts[index - 1]!);
    kept.push(clause);
  }
  return kept.join('');
}

export function citizenBasis(text: string): string {
  if (!reviewNote.test(text)) return text;
  const stripped = text.replace(innermostGroup, (group, open: string, content: string, close: string) => {
    if (!reviewNote.test(content)) return group;
    const rest = withoutNoteClauses(content).trim();
    return rest ? `${open}${rest}${close}` : '';
  });
  return stripped
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([；;，,。.])/g, '$1')
    .trim();
}
