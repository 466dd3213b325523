import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/tunnels.json (scripts/oracle/make_vectors.py writes it).
vectorTests("tunnels.json");
