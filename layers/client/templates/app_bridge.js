/* The app's host of the map client (layers/client): a Streamlit custom component (components v2).
   It mounts the map page (served from static/, cached by the browser) once per element and passes the
   small state across: Python -> client through `data.state`, client -> Python through trigger values
   ("island" when an island is clicked, "link" once the page's ?… link has been read). The JS runs again
   on every change of `data`, on the same element and without a cleanup call, so it is idempotent. */
const bridges = new WeakMap();

export default function (component) {
  const { data, parentElement } = component;
  let bridge = bridges.get(parentElement);
  if (!bridge) {
    bridge = mount(parentElement, data);
    bridges.set(parentElement, bridge);
  }
  bridge.component = component;
  // The app's page speaks the reader's language: its <html lang> says so (screen readers, fonts, axe's html-has-lang).
  if (data && data.lang) { document.documentElement.lang = data.lang; }
  bridge.ready.then((client) => sync(bridge, client, component.data));
}

function mount(parentElement, data) {
  window.__kurilMountAt = performance.now();  // for the benchmarks: when the component first ran
  const holder = parentElement.querySelector(".kuril-map-holder");
  const frame = document.createElement("iframe");
  frame.className = "kuril-map-frame";
  frame.title = data.title;
  frame.src = data.url;
  // As tall as the window allows below the title row (16rem), never shorter than data.height.
  frame.style.cssText = `width: 100%; height: max(${Number(data.height) || 440}px, calc(100vh - 16rem)); border: 0; display: block;`;
  holder.appendChild(frame);
  const bridge = { frame, component: null, last: null };
  bridge.ready = new Promise((resolve) => {
    const connect = () => {
      const client = frame.contentWindow && frame.contentWindow.kurilMap;
      if (!client) { return false; }
      client.on("island", (id) => bridge.component.setTriggerValue("island", id));
      // The reader's language before the link is read, so that its messages are in it (the link's lang= wins).
      if (data.lang) { client.set({ lang: data.lang }); }
      if (!data.linkRead) {
        // The link is the client's to read (the same rules as a file's #…); Python takes the state it gives.
        const opened = client.openLink(window.location.search, data.ignoreParams || []);
        client.set(opened.state);
        bridge.component.setTriggerValue("link", opened.state);
      }
      resolve(client);
      return true;
    };
    // The page's scripts run once its data is unpacked (layers/payload.py): that may be just after its load event.
    frame.addEventListener("load", () => {
      if (!connect()) { frame.contentDocument.addEventListener("kuril-map-ready", () => { connect(); }, { once: true }); }
    });
  });
  return bridge;
}

function sync(bridge, client, data) {
  if (!data.linkRead) { return; }  // Python has not taken the link's state yet: keep the one the link gave
  const key = JSON.stringify(data.state);
  if (key === bridge.last) { return; }
  bridge.last = key;
  window.__kurilSyncAt = performance.now();  // for the benchmarks: when Python's state reached the page
  client.set(data.state);
  window.__kurilSetDoneAt = performance.now();
  writeAddress(client.linkFor(), data.ignoreParams || []);
}

// The address bar follows the state, ready to copy: our parts replaced, Streamlit's own (embed…) kept.
function writeAddress(link, keep) {
  const params = new URLSearchParams(window.location.search);
  const ours = new URLSearchParams(link);
  for (const key of [...params.keys()]) {
    if (!keep.includes(key)) { params.delete(key); }
  }
  for (const [key, value] of ours) { params.set(key, value); }
  const query = params.toString();
  const target = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  if (target !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, "", target);
  }
}
