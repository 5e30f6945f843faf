/**
 * The DB12 work unit, in JavaScript.
 *
 * DIRAC Benchmark 2012 (DB12, R. Graciani / A. McNab, https://github.com/DIRACGrid/DB12) draws
 * 12.5 million Gaussian numbers N(10, 1) with Python's `random.normalvariate` and accumulates
 * Σt and Σt² twice; its score is `250 × iterations / CPU seconds` (one iteration ≈ 1 kHS2k·s,
 * i.e. 250 HS06·s). We do the same work here: Kinderman–Monahan ratio-of-uniforms Gaussians
 * (the method of `normalvariate`) from 53-bit uniforms built of two 32-bit words (as CPython
 * builds them from its Mersenne Twister), with a seeded xoshiro128** generator so every run
 * does exactly the same arithmetic.
 */
/** Gaussian draws in one DB12 iteration. */
export const DB12_DRAWS_PER_ITERATION = 12_500_000;
/** DB12's calibration: one iteration is worth 250 (HS06·s). */
export const DB12_CALIBRATION = 250;
/** Indexes into the shared control array. */
export const CTL = { GO: 0, MEASURING: 1, STOP: 2 };
const NV_MAGIC = (4 * Math.exp(-0.5)) / Math.SQRT2;
/** A fresh state seeded with `seed` (splitmix32 spreads it over the four generator words). */
export function db12State(seed) {
    const s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((s[0] | s[1] | s[2] | s[3]) === 0)
        s[0] = 1;
    return { s, m1: 0, m2: 0, p1: 0, p2: 0, draws: 0 };
}
/** Run `draws` DB12 draws on `st` (the inner loop of one DB12 iteration, in chunks). */
export function db12Run(st, draws) {
    const s = st.s;
    let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    // xoshiro128**: one 32-bit word per call
    const next = () => {
        const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        const t = (s1 << 9) >>> 0;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        return r;
    };
    const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
    let { m1, m2, p1, p2 } = st;
    for (let j = 0; j < draws; j++) {
        let z;
        for (;;) {
            const u1 = uniform();
            const u2 = 1 - uniform();
            z = (NV_MAGIC * (u1 - 0.5)) / u2;
            if ((z * z) / 4 <= -Math.log(u2))
                break;
        }
        const t = 10 + z;
        m1 += t;
        m2 += t * t;
        p1 += t;
        p2 += t * t;
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    st.m1 = m1;
    st.m2 = m2;
    st.p1 = p1;
    st.p2 = p2;
    st.draws += draws;
}
function rotl(x, k) {
    return ((x << k) | (x >>> (32 - k))) >>> 0;
}
//# sourceMappingURL=benchmark-kernel.js.map