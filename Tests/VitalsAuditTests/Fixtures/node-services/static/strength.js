// A password-strength word list shipped to browsers: its words are not the service's libraries.
export const words = ["jaeger", "micrometer", "opentelemetry"];
