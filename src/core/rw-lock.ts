/**
 * A readers–writer lock for one process: many readers at once, one writer alone, first come first
 * served (a waiting writer holds back readers that arrive after it, so writes are not starved, and
 * readers that arrived before it finish first). The ranking pipeline reads under it and committed
 * writes (store + indexes) apply under it, so a reader never sees half of a write: e.g. a freelancer
 * in the vector index but not yet in the store.
 *
 * Not reentrant: never take it again inside a section that holds it.
 */
export interface ReadWriteLock {
  read<T>(section: () => Promise<T> | T): Promise<T>;
  write<T>(section: () => Promise<T> | T): Promise<T>;
  /** Readers running now and sections waiting (for metrics and tests). */
  state(): { readers: number; writing: boolean; waiting: number };
}

interface Waiter {
  kind: "read" | "write";
  wake: () => void;
}

export function createReadWriteLock(): ReadWriteLock {
  let readers = 0;
  let writing = false;
  const queue: Waiter[] = [];

  const pump = (): void => {
    while (queue.length > 0) {
      const head = queue[0] as Waiter;
      if (head.kind === "write") {
        if (readers > 0 || writing) return;
        queue.shift();
        writing = true;
        head.wake();
        return;
      }
      if (writing) return;
      queue.shift();
      readers++;
      head.wake();
    }
  };

  const acquire = (kind: Waiter["kind"]): Promise<void> =>
    new Promise<void>((resolve) => {
      queue.push({ kind, wake: resolve });
      pump();
    });

  const release = (kind: Waiter["kind"]): void => {
    if (kind === "write") writing = false;
    else readers--;
    pump();
  };

  const run = async <T>(kind: Waiter["kind"], section: () => Promise<T> | T): Promise<T> => {
    await acquire(kind);
    try {
      return await section();
    } finally {
      release(kind);
    }
  };

  return {
    read: (section) => run("read", section),
    write: (section) => run("write", section),
    state: () => ({ readers, writing, waiting: queue.length }),
  };
}
