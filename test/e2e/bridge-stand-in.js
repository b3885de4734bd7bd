// Injected before the renderer loads, in place of the preload: window.appliance with the same
// shape as ApplianceBridge, forwarding invoke to the harness's exposeBinding (the real handler
// table) and letting the harness push job events and open requests. Plain JavaScript on purpose:
// it runs as-is in the page, untouched by the test's TypeScript transform.
(() => {
  const jobListeners = new Set();
  const openListeners = new Set();
  const droppedPaths = new Map();
  window.__applianceJobEvent = (event) => jobListeners.forEach((listener) => listener(event));
  window.__applianceOpenPaths = (paths) => openListeners.forEach((listener) => listener(paths));
  window.__applianceDroppedPaths = droppedPaths;
  const subscribe = (set) => (listener) => {
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'appliance', {
    value: Object.freeze({
      invoke: (channel, request) => window.__applianceInvoke(channel, request),
      onJobEvent: subscribe(jobListeners),
      onOpenPaths: subscribe(openListeners),
      pathForFile: (file) => droppedPaths.get(file.name) ?? '',
    }),
  });
})();
