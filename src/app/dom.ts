/** Small DOM helpers for screens. */

/**
 * The first element matching `selector`, waiting up to `timeoutMs` for it to be added (an entry reaches its
 * list a moment after it is stored); null when it does not appear in time.
 */
export function waitForElement<E extends Element>(selector: string, timeoutMs: number, root: ParentNode & Node = document.body): Promise<E | null> {
  const found = root.querySelector<E>(selector);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const done = (element: E | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(element);
    };
    const observer = new MutationObserver(() => {
      const element = root.querySelector<E>(selector);
      if (element) done(element);
    });
    const timer = setTimeout(() => done(null), timeoutMs);
    observer.observe(root, { childList: true, subtree: true });
  });
}
