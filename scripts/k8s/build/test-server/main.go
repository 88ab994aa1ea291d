// A small HTTP server for the real node's own tests: it answers every path with the name of the pod it
// runs in, so a test sees which instance a Service sent it to, and logs each request.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	pod, _ := os.Hostname()
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL.Path)
		fmt.Fprintf(w, "%s\n", pod)
	})
	log.Printf("listening on :%s", port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
