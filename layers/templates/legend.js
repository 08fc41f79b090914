{% macro script(this, kwargs) %}
(function () {
    var legend = L.control({position: {{ this.position|tojson }}});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "kuril-legend");
        div.setAttribute("role", "region");
        div.setAttribute("aria-label", {{ this.label|tojson }});
        div.innerHTML = {{ this.html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
