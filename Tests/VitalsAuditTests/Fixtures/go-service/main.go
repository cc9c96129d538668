package main

import (
	"fmt"
	"log"
	"net/http"

	"go.opentelemetry.io/otel"
)

func main() {
	fmt.Println("starting")
	// fmt.Println("commented")
	usage := `fmt.Println("in a raw string")`
	log.Printf("listening")
	labels := []string{"email"}
	http.HandleFunc("/healthz", health)
	_ = otel.Tracer("x")
	_ = usage
	_ = labels
}
