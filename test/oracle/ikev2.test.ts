import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy's contrib ikev2: test/vectors/ikev2.json (scripts/oracle/make_vectors.py writes it).
vectorTests("ikev2.json");
