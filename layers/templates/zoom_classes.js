{% macro script(this, kwargs) %}
(function (map) {
    function update() {
        map.getContainer().classList.toggle("kuril-zoom-low", map.getZoom() < {{ this.min_zoom|tojson }});
    }
    map.on("zoom zoomend load", update);
    update();
})({{ this._parent.get_name() }});
{% endmacro %}
