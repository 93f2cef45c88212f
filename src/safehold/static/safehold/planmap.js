// Draws a visit plan's routes with Leaflet: stations as squares, homes as numbered
// circles in visiting order, a line per route. The data comes from a JSON block that
// the page renders (the CSP forbids inline scripts; a JSON block is never executed).
// With no tile URL configured the map is drawn on a plain background.
(function () {
  "use strict";

  const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#6f72af", "#f47738", "#912b88",
    "#28a197", "#b58840", "#5694ca", "#85994b"];

  // Leaflet puts string content in as HTML; text nodes keep references and names inert.
  function text(value) {
    const span = document.createElement("span");
    span.textContent = String(value);
    return span;
  }

  function readData(container) {
    const source = document.getElementById(container.dataset.mapSource || "");
    if (!source) return null;
    try {
      return JSON.parse(source.textContent || "{}");
    } catch (error) {
      return null;
    }
  }

  function draw(container) {
    if (typeof L === "undefined") return;
    const data = readData(container);
    if (!data) return;
    const map = L.map(container, { scrollWheelZoom: false, attributionControl: !!data.tileUrl });
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.attribution || "", maxZoom: 18 }).addTo(map);
    }
    const bounds = [];
    (data.routes || []).forEach(function (route, index) {
      const colour = COLOURS[index % COLOURS.length];
      const station = [route.station.lat, route.station.lon];
      bounds.push(station);
      L.rectangle(
        [[station[0] - 0.0015, station[1] - 0.0025], [station[0] + 0.0015, station[1] + 0.0025]],
        { color: "#0b0c0c", weight: 2, fillColor: colour, fillOpacity: 1 }
      ).addTo(map).bindTooltip(text(route.pair + ": " + route.station.name));
      const line = [station];
      (route.stops || []).forEach(function (stop) {
        const at = [stop.lat, stop.lon];
        line.push(at);
        bounds.push(at);
        L.circleMarker(at, {
          radius: 11, color: "#0b0c0c", weight: 2, fillColor: "#ffffff", fillOpacity: 1,
        }).addTo(map)
          .bindTooltip(text(stop.n), {
            permanent: true, direction: "center",
          })
          .bindPopup(text(stop.label));
      });
      line.push(station);
      L.polyline(line, { color: colour, weight: 3, opacity: 0.8 }).addTo(map);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    } else {
      map.setView([52.8, -2.0], 9);
    }
    container.dataset.drawn = String((data.routes || []).reduce(function (n, r) {
      return n + (r.stops || []).length;
    }, 0));
  }

  function start() {
    document.querySelectorAll("[data-map-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
