package main

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ardanlabs/conf/v3"
)

// Under cmd/ too, but it serves: a service, held to the rules.
func main() {
	help, err := conf.Parse("", &cfg)
	if errors.Is(err, conf.ErrHelpWanted) {
		fmt.Println(help)
		return
	}
	fmt.Println("listening on :8080")
	http.ListenAndServe(":8080", nil)
}
