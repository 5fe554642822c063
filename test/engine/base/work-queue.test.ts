import { describe, expect, it } from 'vitest';

import { WorkQueue } from '../../../src-main/engine/base/work-queue.ts';
import { delay } from '../../support/temp.ts';

describe('WorkQueue', () => {
  it('runs no more jobs at once than its concurrency, and all of them', async () => {
    const queue = new WorkQueue(2, () => undefined);
    let running = 0;
    let mostAtOnce = 0;
    let finished = 0;

    for (let index = 0; index < 10; index++) {
      queue.push(async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await delay(5);
        running--;
        finished++;
      });
    }
    await queue.idle();

    expect(mostAtOnce).toBe(2);
    expect(finished).toBe(10);
  });

  it('reports a failing job and goes on with the others', async () => {
    const errors: unknown[] = [];
    const queue = new WorkQueue(1, (error) => errors.push(error));
    let finished = 0;

    queue.push(() => Promise.reject(new Error('boom')));
    queue.push(() => {
      finished++;
      return Promise.resolve();
    });
    await queue.idle();

    expect(errors).toHaveLength(1);
    expect(finished).toBe(1);
  });

  it('drops jobs pushed after dispose', async () => {
    const queue = new WorkQueue(1, () => undefined);
    await queue.dispose();
    let ran = false;

    queue.push(() => {
      ran = true;
      return Promise.resolve();
    });
    await delay(10);

    expect(ran).toBe(false);
  });
});
