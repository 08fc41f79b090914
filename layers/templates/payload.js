/* The page's data (layers/payload.py): one base64 string of deflated JSON, inflated by the browser's own
   DecompressionStream. Returns a promise of the data; scripts that need it wait on it. If the browser cannot
   inflate it (one from before 2023) or the string is damaged, the page says so in its own language. */
function kurilUnpack(packed, messages) {
    "use strict";
    function tell(message) {
        var note = document.createElement("p");
        note.className = "kuril-page-problem";
        note.setAttribute("role", "alert");
        note.textContent = message;
        (document.body || document.documentElement).prepend(note);
    }
    if (typeof DecompressionStream !== "function" || typeof fetch !== "function") {
        if (document.body) { tell(messages.unsupported); } else { document.addEventListener("DOMContentLoaded", function () { tell(messages.unsupported); }); }
        return new Promise(function () {});
    }
    return fetch("data:application/octet-stream;base64," + packed)
        .then(function (response) { return new Response(response.body.pipeThrough(new DecompressionStream("deflate"))).json(); })
        .catch(function (error) {
            tell(messages.broken);
            throw error;
        });
}
