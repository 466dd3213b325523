import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/netflow.json (scripts/oracle/make_vectors.py writes it).
vectorTests("netflow.json");
