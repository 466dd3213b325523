import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/inet6.json (scripts/oracle/make_vectors.py writes it).
vectorTests("inet6.json");
