#!/usr/bin/env bash
# Identify the car in a photo with curl: a GraphQL multipart request
# (https://github.com/jaydenseric/graphql-multipart-request-spec).
#
#   examples/curl-upload.sh photo.jpg [http://localhost:4000/graphql]
#
# - `operations` is the GraphQL request with the file variable set to null,
# - `map` says which form part fills which variable ("0" -> variables.image),
# - `0` is the photo itself (JPEG, PNG or WebP).
# The apollo-require-preflight header is required: the server's CSRF prevention
# refuses multipart requests without it.
set -euo pipefail

photo=${1:?usage: $0 photo.jpg [endpoint]}
endpoint=${2:-${CARVALUE_URL:-http://localhost:4000/graphql}}

curl --silent --show-error --fail-with-body "$endpoint" \
  -H 'apollo-require-preflight: true' \
  -F operations='{"query":"mutation Identify($image: Upload!) { identifyVehicle(image: $image, topK: 3) { confidence uncertain boundingBox { x y width height } candidates { label confidence } vehicle { id make model newPrice } } }","variables":{"image":null}}' \
  -F map='{"0":["variables.image"]}' \
  -F 0=@"$photo"
echo
