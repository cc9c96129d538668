package handlers

import (
	"net/http"

	log "github.com/sirupsen/logrus"
)

// logrus imported as log: structured logging, whatever its name.
func Orders(w http.ResponseWriter, r *http.Request) {
	log.Printf("orders for %s", r.URL.Path)
	for name, values := range r.Header {
		log.Infof("header %s: %v", name, values)
	}
	log.WithField("url", r.URL.String()).Info("request")
	requestDuration.WithLabelValues(r.Method, r.URL.Path).Observe(1)
	requestDuration.WithLabelValues(r.Method, "/orders/{id}").Observe(1)
	log.Error("token refresh failed: ", err)
	log.Info("token", jwt)
}
