import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/inet.json (scripts/oracle/make_vectors.py writes it).
vectorTests("inet.json");
