/**
 * CRC-32 of two byte runs joined, from the CRC of each and the length of the second: what a
 * file deflated in blocks on several threads needs for its entry. zlib's `crc32_combine()`,
 * which Node does not expose, in its modern form (multiplication modulo the CRC polynomial).
 */

/** The CRC-32 polynomial, reflected. */
const POLYNOMIAL = 0xedb88320;

/** a(x) · b(x) modulo the polynomial, in the reflected bit order CRC-32 uses. */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if ((a & bit) !== 0) product ^= b;
    b = (b & 1) !== 0 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0…31. */
const POWERS = ((): number[] => {
  const powers: number[] = [];
  let power = 0x40000000; // x^1
  for (let k = 0; k < 32; k++) {
    powers.push(power);
    power = multiplyModP(power, power);
  }
  return powers;
})();

/** x^(8 · bytes) modulo the polynomial: appending `bytes` zero bytes. */
function appendZerosOperator(bytes: number): number {
  let result = 0x80000000; // x^0
  let n = bytes;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) {
    if (n % 2 === 1) result = multiplyModP(POWERS[k % 32] as number, result);
  }
  return result;
}

/** CRC-32 of A followed by B, given CRC-32 of A, CRC-32 of B and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyModP(appendZerosOperator(lengthB), crcA) ^ crcB) >>> 0;
}
