import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/http.json (scripts/oracle/make_vectors.py writes it).
vectorTests("http.json");
