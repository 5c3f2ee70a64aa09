// Sex codes of GB/T 2261.1, one character on the card.
export type Sex = 'unknown' | 'male' | 'female' | 'unstated';

const SEX_BY_CODE: Readonly<Record<string, Sex>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unstated',
};
const CODE_BY_SEX: Readonly<Record<Sex, string>> = { unknown: '0', male: '1', female: '2', unstated: '9' };

export function sexFromCode(code: string): Sex | undefined {
  return Object.hasOwn(SEX_BY_CODE, code) ? SEX_BY_CODE[code] : undefined;
}

export function sexCode(sex: Sex): string {
  return CODE_BY_SEX[sex];
}
