import assert from 'node:assert/strict';
import { PilotError } from '../../src/common/errors.js';
/** The PilotError code `fn` throws (fails the test when it throws something else, or nothing). */
export function errorCode(fn) {
    try {
        fn();
    }
    catch (e) {
        assert.ok(e instanceof PilotError, `expected a PilotError, got ${String(e)}`);
        return e.code;
    }
    assert.fail('expected an error');
}
//# sourceMappingURL=errors.js.map