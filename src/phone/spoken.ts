/** "+14155550100" read out digit by digit; anything else (anonymous, a name) as it is. */
export function spoken(number: string): string {
  return /^\+?\d+$/.test(number) ? number.replace(/^\+/, '').split('').join(' ') : number;
}
