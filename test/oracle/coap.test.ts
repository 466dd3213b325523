import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/coap.json (scripts/oracle/make_vectors.py writes it).
vectorTests("coap.json");
