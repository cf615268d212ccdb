# core/import: journeys from recordings (HAR, curl command lines) with correlation suggestions and
# flagged secrets, and the k6 export.
target_sources(lw_import PRIVATE
  import/importresult.h import/recordedtext.h import/recordedtext.cpp
  import/harreader.h import/harreader.cpp import/harimport.h import/harimport.cpp
  import/correlation.h import/correlation.cpp import/secrets.h import/secrets.cpp
  import/shellwords.h import/shellwords.cpp import/curlimport.h import/curlimport.cpp
  import/k6export.h import/k6export.cpp)
