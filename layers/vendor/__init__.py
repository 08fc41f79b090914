"""Leaflet and the folium plugin files, offline: the asset registry (``assets``), inlined into one file
(``assets.inline_html``) or written under the app's ``static/vendor/`` (``static``)."""
