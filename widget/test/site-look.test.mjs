import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedSite, launcherOffset } from '../src/site-look.js';

test('the launcher offset is whole pixels from 0 to 400, 0 when missing', () => {
    assert.deepEqual(launcherOffset({ launcherOffset: { bottom: 80, side: 16 } }), { bottom: 80, side: 16 });
    assert.deepEqual(launcherOffset({ launcherOffset: { bottom: 80 } }), { bottom: 80, side: 0 });
    assert.deepEqual(launcherOffset({ launcherOffset: { bottom: 9000, side: -3 } }), { bottom: 400, side: 0 });
    assert.deepEqual(launcherOffset({ launcherOffset: { bottom: '80', side: 12.6 } }), { bottom: 0, side: 13 });
    assert.deepEqual(launcherOffset({}), { bottom: 0, side: 0 });
    assert.deepEqual(launcherOffset(null), { bottom: 0, side: 0 });
});

test('what is kept for the next page load places, colours and words the launcher, nothing more', () => {
    const site = {
        id: 's1',
        name: 'Shop',
        title: 'Chat with us',
        greeting: 'Hi',
        color: '#112233',
        position: 'left',
        language: 'fr',
        launcherOffset: { bottom: 80, side: 0 },
        emojiShortcuts: true,
        departments: [{ id: 'd1', name: 'Sales' }],
    };
    assert.deepEqual(cachedSite(site), {
        title: 'Chat with us',
        color: '#112233',
        position: 'left',
        language: 'fr',
        launcherOffset: { bottom: 80, side: 0 },
    });
});
