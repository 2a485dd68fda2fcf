import * as assert from 'node:assert/strict';
import { along, showBox } from '../../../src/webview/follow';

const inside = (box: { x1: number; y1: number; x2: number; y2: number }, v: { zoom: number; pan: { x: number; y: number } }, w: number, h: number, pad: number) =>
  box.x1 * v.zoom + v.pan.x >= pad - 1e-9 && box.x2 * v.zoom + v.pan.x <= w - pad + 1e-9 && box.y1 * v.zoom + v.pan.y >= pad - 1e-9 && box.y2 * v.zoom + v.pan.y <= h - pad + 1e-9;

describe('webview follow', () => {
  it('leaves the view alone when the arrow is on screen', () => {
    const v = { zoom: 1, pan: { x: 0, y: 0 }, width: 800, height: 600 };
    assert.deepEqual(showBox({ x1: 100, y1: 100, x2: 200, y2: 150 }, v), { zoom: 1, pan: { x: 0, y: 0 } });
  });

  it('pans by the least amount to bring an off-screen arrow in, without zooming', () => {
    const v = { zoom: 0.8, pan: { x: 0, y: 0 }, width: 800, height: 600 };
    const box = { x1: 1200, y1: 50, x2: 1300, y2: 80 };
    const to = showBox(box, v, 24);
    assert.equal(to.zoom, 0.8);
    assert.ok(inside(box, to, 800, 600, 24));
    assert.equal(box.x2 * to.zoom + to.pan.x, 800 - 24, 'just inside the right edge, not centred');
    assert.equal(to.pan.y, 0);
    // to the left (the backward pass comes back)
    const back = showBox({ x1: -500, y1: 10, x2: -450, y2: 40 }, { ...v, pan: { x: 0, y: 0 } }, 24);
    assert.equal(-500 * 0.8 + back.pan.x, 24);
  });

  it('zooms out only when the arrow and its label do not fit, and never zooms in', () => {
    const v = { zoom: 1, pan: { x: 0, y: 0 }, width: 400, height: 300 };
    const box = { x1: 0, y1: 0, x2: 1000, y2: 100 };
    const to = showBox(box, v, 20);
    assert.ok(to.zoom < 1);
    assert.ok(Math.abs(to.zoom - 360 / 1000) < 1e-12);
    assert.ok(inside(box, to, 400, 300, 20));
    const small = showBox({ x1: 0, y1: 0, x2: 10, y2: 10 }, { ...v, zoom: 0.3 }, 20);
    assert.equal(small.zoom, 0.3);
  });

  it('moves the pulse along a bent arrow by length', () => {
    const pts = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }];
    assert.deepEqual(along(pts, 0), { x: 0, y: 0 });
    assert.deepEqual(along(pts, 0.25), { x: 10, y: 0 });
    assert.deepEqual(along(pts, 0.5), { x: 10, y: 10 });
    assert.deepEqual(along(pts, 1), { x: 10, y: 30 });
    assert.deepEqual(along(pts, 7), { x: 10, y: 30 });
  });
});
