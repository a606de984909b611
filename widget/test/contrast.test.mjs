import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
    AA_NORMAL_TEXT,
    DARK_TEXT,
    LIGHT_TEXT,
    contrastRatio,
    parseHex,
    relativeLuminance,
    textColorOn,
} from '../src/contrast.js';

const close = (actual, expected, digits = 3) =>
    assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);

test('hex colours parse in short and long form, anything else is null', () => {
    assert.deepEqual(parseHex('#1f6feb'), [31, 111, 235]);
    assert.deepEqual(parseHex('#FD3'), [255, 221, 51]);
    assert.equal(parseHex('red'), null);
    assert.equal(parseHex('#12345'), null);
    assert.throws(() => relativeLuminance('rgb(0,0,0)'), TypeError);
});

test('relative luminance follows WCAG 2.x: black 0, white 1, primaries by their weights', () => {
    assert.equal(relativeLuminance('#000'), 0);
    assert.equal(relativeLuminance('#ffffff'), 1);
    close(relativeLuminance('#ff0000'), 0.2126);
    close(relativeLuminance('#00ff00'), 0.7152);
    close(relativeLuminance('#0000ff'), 0.0722);
    close(relativeLuminance('#808080'), 0.2159); // sRGB decoding, not a linear 0.5
    close(relativeLuminance('#1f6feb'), 0.1766);
});

test('contrast ratio is symmetric, 21:1 for black on white and 1:1 for equal colours', () => {
    assert.equal(contrastRatio('#000', '#fff'), 21);
    assert.equal(contrastRatio('#fff', '#000'), 21);
    assert.equal(contrastRatio('#1f6feb', '#1f6feb'), 1);
    close(contrastRatio('#767676', '#fff'), 4.54, 2); // the lightest grey that passes AA on white
    close(contrastRatio('#777777', '#fff'), 4.48, 2);
});

test('a dark brand colour gets white text, a light one near-black text', () => {
    assert.equal(textColorOn('#1f6feb'), LIGHT_TEXT); // the default blue: 4.63:1
    assert.equal(textColorOn('#aa3300'), LIGHT_TEXT);
    assert.equal(textColorOn('#000'), LIGHT_TEXT);
    assert.equal(textColorOn('#ffd33d'), DARK_TEXT); // yellow: 11.3:1 instead of 1.4:1 with white
    assert.equal(textColorOn('#2da44e'), DARK_TEXT);
    assert.equal(textColorOn('#ffffff'), DARK_TEXT);
    assert.ok(contrastRatio('#ffd33d', textColorOn('#ffd33d')) > 11);
});

test('where neither white nor near-black reaches 4.5:1, black does', () => {
    for (const mid of ['#808080', '#777777', '#e34c26', '#ff0000']) {
        assert.ok(contrastRatio(mid, LIGHT_TEXT) < AA_NORMAL_TEXT && contrastRatio(mid, DARK_TEXT) < AA_NORMAL_TEXT);
        assert.equal(textColorOn(mid), '#000000', mid);
    }
});

test('every brand colour gets text with at least 4.5:1', () => {
    for (let v = 0; v < 4096; v++) {
        const color = `#${v.toString(16).padStart(3, '0')}`;
        const ratio = contrastRatio(color, textColorOn(color));
        assert.ok(ratio >= AA_NORMAL_TEXT, `${color}: ${ratio.toFixed(2)}:1`);
    }
});
